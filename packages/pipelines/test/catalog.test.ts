import { describe, expect, it } from 'vitest';
import { COMPONENTS } from '../src/index.ts';

describe('component catalog', () => {
  it('names every component once, under its category', () => {
    const names = COMPONENTS.map((component) => component.name);
    expect(new Set(names).size).toBe(names.length);
    for (const component of COMPONENTS) expect(component.name.startsWith(`${component.category}.`)).toBe(true);
  });
});

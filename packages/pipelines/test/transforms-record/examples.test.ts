import { describe, expect, it } from 'vitest';
import { recordTransformComponents } from '../../src/components/transforms/record/index.ts';
import { tryCompileExpression } from '../../src/expressions/index.ts';

describe('record transform definitions', () => {
  it.each(recordTransformComponents.map((component) => [component.name, component] as const))('%s has a description, an example its own checks accept, and both modes', (_name, component) => {
    expect(component.description.length).toBeGreaterThan(80);
    expect(component.modes).toEqual(['batch', 'stream']);
    expect(component.run).toBeDefined();
    expect(component.stream).toBeDefined();
    expect(component.examples.length).toBeGreaterThan(0);
    for (const example of component.examples) {
      const parsed = component.config.safeParse(example.with);
      expect(parsed.success, example.title).toBe(true);
      expect(component.check?.(parsed.data as never) ?? []).toEqual([]);
      for (const { source } of component.expressions?.(parsed.data as never) ?? []) expect(tryCompileExpression(source).ok, source).toBe(true);
    }
  });
});

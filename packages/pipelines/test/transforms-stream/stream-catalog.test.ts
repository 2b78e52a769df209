import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { streamTransformComponents } from '../../src/components/transforms/stream/index.ts';
import { findComponent } from '../../src/index.ts';
import { openStream } from './stage-context.ts';

const EXPECTED = ['transform.window-aggregate', 'transform.resample', 'transform.asof-join', 'transform.unit-convert', 'transform.anomaly-score', 'transform.oee'];

describe('event-time transforms in the catalog', () => {
  it('lists each component once, findable by name', () => {
    expect(streamTransformComponents.map((component) => component.name).sort()).toEqual([...EXPECTED].sort());
    for (const name of EXPECTED) expect(findComponent(name)?.name).toBe(name);
  });

  for (const component of streamTransformComponents) {
    it(`${component.name} runs in both modes, documents itself, and its examples validate`, () => {
      expect(component.modes).toEqual(['batch', 'stream']);
      expect(typeof component.run).toBe('function');
      expect(typeof component.stream).toBe('function');
      expect(component.title.length).toBeGreaterThan(2);
      expect(component.description).toMatch(/Example/);
      expect(component.examples.length).toBeGreaterThan(0);
      for (const example of component.examples) expect(component.config.safeParse(example.with).error).toBeUndefined();
      // Every config field carries a description, so editors and models see what it means.
      const jsonSchema = z.toJSONSchema(component.config, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, { description?: string }> };
      for (const [field, schema] of Object.entries(jsonSchema.properties ?? {})) expect({ field, described: typeof schema.description === 'string' }).toEqual({ field, described: true });
    });

    it(`${component.name} snapshots JSON before any input, after an ended input, and restores from null`, () => {
      const example = component.examples[0]!.with;
      const withLeft = component.name === 'transform.asof-join' ? { ...example, leftInput: 'left' } : example;
      const operator = openStream(component, withLeft);
      expect(JSON.parse(JSON.stringify(operator.snapshot()))).toEqual(operator.snapshot());
      void operator.advance(Number.POSITIVE_INFINITY);
      const ended = JSON.parse(JSON.stringify(operator.snapshot())) as unknown;
      expect(() => openStream(component, withLeft, ended)).not.toThrow();
      expect(() => openStream(component, withLeft, null)).not.toThrow();
    });
  }
});

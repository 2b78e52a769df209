import { getComponent, listComponents, type Services } from '@facilflow/core';
import { COMPONENTS } from '@facilflow/pipelines';
import { describe, expect, it } from 'vitest';
import { testEngine } from './test-catalog.ts';

// Listing components reads the engine alone, so the services carry nothing else.
const services = { pipelineEngine: testEngine } as Pick<Services, 'pipelineEngine'> as Services;

describe('components', () => {
  it('lists the catalog by name, by category when asked', () => {
    expect(listComponents(services, {}).components.map((c) => c.name)).toEqual(['sink.test-events', 'source.counter-rows', 'transform.scale-rows']);
    expect(listComponents(services, { category: 'source' }).components).toEqual([
      { name: 'source.counter-rows', category: 'source', title: 'Counter rows', description: expect.any(String), modes: ['batch', 'stream'], input: { kind: 'none', min: 0, max: 0 }, output: { kind: 'rows' } },
    ]);
  });

  it("gives a component's examples and the JSON Schema of its configuration as written", () => {
    const { component } = getComponent(services, { name: 'source.counter-rows' });
    expect(component.examples).toEqual([{ title: 'Three rows', with: { count: 3 } }]);
    expect(component.configSchema).toMatchObject({ type: 'object', properties: { count: { type: 'integer', minimum: 1, maximum: 1000, default: 3 } } });
    expect(component.configSchema.required).toBeUndefined();
    expect(() => getComponent(services, { name: 'source.nope' })).toThrow(/No component "source.nope"/);
  });

  it('falls back to the component library when the services compose no engine', () => {
    const library = listComponents({} as Services, {}).components.map((c) => c.name);
    expect(library).toEqual(COMPONENTS.map((c) => c.name).sort((a, b) => a.localeCompare(b)));
  });
});

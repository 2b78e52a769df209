import { catalogPipelineEngine, type PipelineEngine } from '@facilflow/core';
import { defineComponent } from '@facilflow/pipelines';
import { z } from 'zod';

/**
 * A small catalog of real components (config schemas, ports, modes, batch behaviour) so the
 * pipeline functions are tested against known components, whatever the library holds.
 */
export const counterRows = defineComponent({
  name: 'source.counter-rows',
  category: 'source',
  title: 'Counter rows',
  description: 'Emits `count` rows numbered from 0, one per second of the run range.',
  config: z.object({ count: z.number().int().min(1).max(1000).default(3) }),
  input: { kind: 'none', min: 0, max: 0 },
  output: { kind: 'rows' },
  modes: ['batch', 'stream'],
  examples: [{ title: 'Three rows', with: { count: 3 } }],
  run: async (context) => ({ rows: Array.from({ length: context.config.count }, (_, i) => ({ time: (context.range?.from ?? 0) + i * 1000, n: i })) }),
});

export const scaleRows = defineComponent({
  name: 'transform.scale-rows',
  category: 'transform',
  title: 'Scale rows',
  description: 'Multiplies `field` by `factor`; rows without the field go to the `skipped` port.',
  config: z.object({ field: z.string().min(1), factor: z.number() }),
  input: { kind: 'rows', min: 1, max: 1 },
  output: { kind: 'rows', extra: () => ['skipped'] },
  modes: ['batch', 'stream'],
  examples: [{ title: 'Double n', with: { field: 'n', factor: 2 } }],
  run: async (context, inputs) => {
    const rows = inputs[0]?.rows ?? [];
    const value = (row: (typeof rows)[number]) => row[context.config.field];
    return {
      rows: rows.filter((row) => typeof value(row) === 'number').map((row) => ({ ...row, [context.config.field]: (value(row) as number) * context.config.factor })),
      ports: { skipped: rows.filter((row) => typeof value(row) !== 'number') },
    };
  },
});

export const eventSink = defineComponent({
  name: 'sink.test-events',
  category: 'sink',
  title: 'Events',
  description: 'Emits every row as an event.',
  config: z.object({}),
  input: { kind: 'rows', min: 1, max: 1 },
  output: { kind: 'none' },
  modes: ['batch'],
  examples: [{ title: 'Every row', with: {} }],
  run: async (context, inputs) => {
    await context.services.emitEvents(inputs[0]?.rows ?? [], context.signal);
    return { rows: [] };
  },
});

export const testEngine: PipelineEngine = catalogPipelineEngine([counterRows, scaleRows, eventSink]);

/** A spec that validates against the test catalog. */
export const validSpec = (name = 'Counter doubled') => ({
  name,
  triggers: [{ type: 'manual' }],
  params: { factor: { type: 'number', default: 2 } },
  stages: [
    { id: 'read', use: 'source.counter-rows', with: { count: 3 } },
    { id: 'double', use: 'transform.scale-rows', with: { field: 'n', factor: 2 }, needs: ['read'] },
    { id: 'emit', use: 'sink.test-events', needs: ['double'] },
  ],
});

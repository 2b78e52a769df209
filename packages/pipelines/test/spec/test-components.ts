import { z } from 'zod';
import { defineComponent, type ComponentDefinition } from '../../src/components/component.ts';
import { recordTransformComponents } from '../../src/components/transforms/record/index.ts';

const noRows = async () => ({ rows: [] });
const noState = () => ({ process: () => ({ rows: [] }), advance: () => ({ rows: [] }), snapshot: () => null });

/** Sources and sinks for validation tests only: the real ones are built elsewhere and may not be in the catalog yet. */
export const batchQuerySource = defineComponent({
  name: 'source.test-query',
  category: 'source',
  title: 'Test query',
  description: 'A batch-only source for tests.',
  config: z.object({ sql: z.string().min(1), limit: z.number().int().min(1).default(100) }),
  input: { kind: 'none', min: 0, max: 0 },
  output: { kind: 'rows' },
  modes: ['batch'],
  examples: [],
  run: noRows,
});

export const liveStreamSource = defineComponent({
  name: 'source.test-stream',
  category: 'source',
  title: 'Test stream',
  description: 'A stream-only source for tests.',
  config: z.object({}),
  input: { kind: 'none', min: 0, max: 0 },
  output: { kind: 'rows' },
  modes: ['stream'],
  examples: [],
  stream: noState,
});

export const eventsTransform = defineComponent({
  name: 'transform.test-events',
  category: 'transform',
  title: 'Test events',
  description: 'Turns rows into events, for type checks.',
  config: z.object({}),
  input: { kind: 'rows', min: 1, max: 1 },
  output: { kind: 'events' },
  modes: ['batch', 'stream'],
  examples: [],
  run: noRows,
  stream: noState,
});

export const rowsSink = defineComponent({
  name: 'sink.test-write',
  category: 'sink',
  title: 'Test write',
  description: 'A sink of rows for tests.',
  config: z.object({ measurement: z.string().min(1) }),
  input: { kind: 'rows', min: 1, max: 4 },
  output: { kind: 'none' },
  modes: ['batch', 'stream'],
  examples: [],
  run: noRows,
  stream: noState,
});

export const TEST_COMPONENTS: readonly ComponentDefinition[] = [...recordTransformComponents, batchQuerySource, liveStreamSource, eventsTransform, rowsSink];

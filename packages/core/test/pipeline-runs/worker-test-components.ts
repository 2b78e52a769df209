import { randomUUID } from 'node:crypto';
import { catalogPipelineEngine, type PipelineEngine } from '@facilflow/core';
import { COMPONENTS, defineComponent } from '@facilflow/pipelines';
import { z } from 'zod';
import { counterRows, eventSink, scaleRows } from '../pipelines/test-catalog.ts';

export type StageEvent = { runId: string; stageId: string; attempt: number; event: 'started' | 'aborted' | 'finished' };

/** What the stages of this process went through, in order; a listener sees each event as it happens. */
export const stageEvents: StageEvent[] = [];
export const stageListeners = new Set<(event: StageEvent) => void>();

function tell(event: StageEvent): void {
  stageEvents.push(event);
  for (const listener of stageListeners) listener(event);
}

/** Passes its input on after `ms`; with no `ms`, only an abort ends it. */
export const waitStage = defineComponent({
  name: 'transform.test-wait',
  category: 'transform',
  title: 'Wait',
  description: 'Passes its input on after `ms`; without `ms` it waits for its signal to abort.',
  config: z.object({ ms: z.number().int().min(0).optional() }),
  input: { kind: 'rows', min: 0, max: 16 },
  output: { kind: 'rows' },
  modes: ['batch'],
  examples: [{ title: 'A tenth of a second', with: { ms: 100 } }],
  run: async (context, inputs) => {
    const at = { runId: context.runId, stageId: context.stageId, attempt: context.attempt };
    tell({ ...at, event: 'started' });
    await new Promise<void>((resolve, reject) => {
      const onAbort = (): void => {
        clearTimeout(timer);
        tell({ ...at, event: 'aborted' });
        reject(context.signal.reason);
      };
      const timer = context.config.ms === undefined ? undefined : setTimeout(() => {
        context.signal.removeEventListener('abort', onAbort);
        resolve();
      }, context.config.ms);
      if (context.signal.aborted) onAbort();
      else context.signal.addEventListener('abort', onAbort, { once: true });
    });
    tell({ ...at, event: 'finished' });
    return { rows: inputs.flatMap((input) => input.rows) };
  },
});

/** Fails its first `failures` attempts, then passes its input on. */
export const flakyStage = defineComponent({
  name: 'transform.test-flaky',
  category: 'transform',
  title: 'Flaky',
  description: 'Fails attempts 1..failures, then passes its input on.',
  config: z.object({ failures: z.number().int().min(0) }),
  input: { kind: 'rows', min: 0, max: 16 },
  output: { kind: 'rows' },
  modes: ['batch'],
  examples: [{ title: 'Fails twice', with: { failures: 2 } }],
  run: async (context, inputs) => {
    if (context.attempt <= context.config.failures) throw new Error(`attempt ${context.attempt} broke`);
    return { rows: inputs.flatMap((input) => input.rows) };
  },
});

/** Writes its input as one object per execution, so a stage run twice leaves two objects. */
export const objectSink = defineComponent({
  name: 'sink.test-run-output',
  category: 'sink',
  title: 'Run output',
  description: 'Writes its input rows to runs/<runId>/<unique>.json.',
  config: z.object({}),
  input: { kind: 'rows', min: 1, max: 1 },
  output: { kind: 'none' },
  modes: ['batch'],
  examples: [{ title: 'Every row', with: {} }],
  run: async (context, inputs) => {
    const bytes = new TextEncoder().encode(JSON.stringify(inputs[0]?.rows ?? []));
    await context.services.putObject(`runs/${context.runId}/${randomUUID()}.json`, bytes, 'application/json', context.signal);
    return { rows: [] };
  },
});

const control = COMPONENTS.filter((component) => component.name === 'control.try-catch' || component.name === 'control.input');

export const workerTestEngine: PipelineEngine = catalogPipelineEngine([counterRows, scaleRows, eventSink, waitStage, flakyStage, objectSink, ...control]);

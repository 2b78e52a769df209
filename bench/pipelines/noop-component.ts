import type { PipelineSpecInput } from '@facilflow/contracts';
import { defineComponent } from '@facilflow/pipelines';
import { z } from 'zod';

/** Epoch ms with the fraction performance.now() gives, comparable between processes on one machine. */
export const preciseNow = () => performance.timeOrigin + performance.now();

export type StageListener = (runId: string, stageId: string, startedAt: number, endedAt: number) => void;
let listener: StageListener | null = null;

/** Where the no-op stages of this process say when they ran. */
export function onNoopStage(next: StageListener | null): void {
  listener = next;
}

/**
 * A stage that does nothing but say when it ran: Windmill's "lightweight task", so the figures
 * are the engine's own cost (queue, scheduling, recording). Registered in the bench's catalog
 * only, never the product's.
 */
export const noopComponent = defineComponent({
  name: 'transform.bench-noop',
  category: 'transform',
  title: 'Bench no-op',
  description: 'Does nothing and passes no rows on; the pipelines benchmark times the engine around it.',
  config: z.object({}),
  input: { kind: 'rows', min: 0, max: 1 },
  output: { kind: 'rows' },
  modes: ['batch'],
  examples: [{ title: 'Nothing', with: {} }],
  async run(context) {
    const startedAt = preciseNow();
    listener?.(context.runId, context.stageId, startedAt, preciseNow());
    return { rows: [] };
  },
});

const stage = (id: string, needs: string[]) => ({ id, use: noopComponent.name, with: {}, needs });

/** Windmill's 40 lightweight tasks: each stage needs the one before it. */
export function chainSpec(length: number): PipelineSpecInput {
  return { name: `Bench: ${length}-stage chain`, triggers: [{ type: 'manual' }], stages: Array.from({ length }, (_, i) => stage(`s${i}`, i === 0 ? [] : [`s${i - 1}`])) };
}

/** `width` stages that need nothing, so all may run at once. */
export function fanOutSpec(width: number): PipelineSpecInput {
  return { name: `Bench: ${width}-stage fan-out`, triggers: [{ type: 'manual' }], stages: Array.from({ length: width }, (_, i) => stage(`s${i}`, [])) };
}

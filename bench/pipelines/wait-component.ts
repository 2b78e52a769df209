import { cancellableDelay, defineComponent } from '@facilflow/pipelines';
import { z } from 'zod';

/**
 * A stage that holds its slot for `ms`, as a stage waiting on a query or an HTTP call does, so
 * that the scale part's runs overlap: a thousand no-op runs would end before the next one is
 * queued. Honours the run's signal. Registered in the bench's catalog only.
 */
export const waitComponent = defineComponent({
  name: 'transform.bench-wait',
  category: 'transform',
  title: 'Bench wait',
  description: 'Waits the configured milliseconds and passes no rows on; the scale part of the pipelines benchmark uses it to keep runs in flight.',
  config: z.object({ ms: z.number().int().min(0).max(60_000) }),
  input: { kind: 'rows', min: 0, max: 1 },
  output: { kind: 'rows' },
  modes: ['batch'],
  examples: [{ title: 'A tenth of a second', with: { ms: 100 } }],
  async run(context) {
    await cancellableDelay(context.config.ms, context.signal);
    return { rows: [] };
  },
});

/** `stages` waits of `ms` one after the other. */
export function waitChainSpec(stages: number, ms: number) {
  return {
    name: `Bench: ${stages} waits of ${ms} ms`,
    triggers: [{ type: 'manual' as const }],
    stages: Array.from({ length: stages }, (_, i) => ({ id: `w${i}`, use: waitComponent.name, with: { ms }, needs: i === 0 ? [] : [`w${i - 1}`] })),
  };
}

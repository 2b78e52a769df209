import fc from 'fast-check';
import type { Outcome } from './outcome.ts';
import { Tally } from './tally.ts';
import type { AnyTarget, Target } from './target.ts';

/** Shrinking one class re-runs the target; this bounds how long that may take. */
const SHRINK_TIME_MS = 15_000;

type Failure = Extract<Outcome, { kind: 'crash' | 'hung' }>;

/**
 * Runs the target's inputs under fast-check with a fixed seed. The property never fails
 * during the run, so every input is tried and tallied; the first input of each new failure
 * class is then replayed by its path and shrunk (a property that fails only for that class).
 */
export function bindTarget<I>(target: Target<I>, tally: Tally): AnyTarget {
  const classify = (input: I, outcome: Outcome): { key: string; failure: Failure } | undefined => {
    if (outcome.kind !== 'crash' && outcome.kind !== 'hung') return undefined;
    const error = outcome.kind === 'hung' ? 'no answer within the deadline' : outcome.error;
    return { key: Tally.key(outcome.kind, target.name, target.subject(input), error), failure: outcome };
  };

  return {
    name: target.name,
    async runBatch(inputs, seed) {
      const fresh: Array<{ index: number; key: string }> = [];
      let index = 0;
      await fc.check(
        fc.asyncProperty(target.arbitrary, async (input) => {
          const at = index++;
          const t0 = performance.now();
          const outcome = await target.execute(input);
          tally.timeSubject(`${target.name}:${target.subject(input)}`, performance.now() - t0);
          tally.countInput(target.name);
          const found = classify(input, outcome);
          if (!found) return true;
          const error = found.failure.kind === 'hung' ? 'no answer within the deadline' : found.failure.error;
          const isNew = tally.add({ kind: found.failure.kind, target: target.name, subject: target.subject(input), error, input: target.describe(input) });
          if (isNew && found.failure.kind === 'crash') fresh.push({ index: at, key: found.key });
          return true;
        }),
        { seed, numRuns: inputs, endOnFailure: true },
      );
      for (const { index: at, key } of fresh) await shrink(at, key);

      async function shrink(at: number, key: string) {
        const result = await fc.check(
          fc.asyncProperty(target.arbitrary, async (input) => classify(input, await target.execute(input))?.key !== key),
          { seed, path: String(at), numRuns: inputs, interruptAfterTimeLimit: SHRINK_TIME_MS, markInterruptAsFailure: false },
        );
        const smallest = result.counterexample?.[0];
        if (smallest !== undefined) tally.refine(key, target.describe(smallest));
      }
    },
  };
}

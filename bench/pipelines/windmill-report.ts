import { formatMs, formatRatio, percentile, table } from '../lib/stats.ts';
import type { WindmillOutcome } from './windmill-bench.ts';

/** Targets (issue 10). */
export const CHAIN_TARGET_MS = 200;
export const FAN_OUT_TARGET_SHARE = 0.5;
export const TRIGGER_TARGET_MS = 25;
/** What Windmill published for 40 lightweight tasks, for itself and the others it ran. */
const WINDMILL_PUBLISHED = 'Windmill 2.09 s, Hatchet 1.22 s, Temporal 2.97 s';

/** Raw jobs' fan-out time over ours: the share of raw throughput our fan-out reaches. */
export function fanOutShare(outcome: WindmillOutcome): number {
  return percentile(outcome.rawFanOutMs, 50) / percentile(outcome.fanOutMs, 50);
}

const met = (ok: boolean) => (ok ? 'met' : 'missed');

export function printWindmillReport(outcomes: readonly WindmillOutcome[], shape: { chainLength: number; fanOutWidth: number }): void {
  const p = (samples: number[], q: number) => formatMs(percentile(samples, q));
  const rows = outcomes.flatMap((o) => [
    [`${o.queue}: ${shape.chainLength}-stage chain (pipeline run)`, p(o.chainMs, 50), p(o.chainMs, 99), String(o.chainMs.length), `≤ ${CHAIN_TARGET_MS} ms p50: ${met(percentile(o.chainMs, 50) <= CHAIN_TARGET_MS)}`],
    [`${o.queue}: ${shape.chainLength} chained raw jobs`, p(o.rawChainMs, 50), p(o.rawChainMs, 99), String(o.rawChainMs.length), ''],
    [`${o.queue}: ${shape.fanOutWidth}-stage fan-out (pipeline run)`, p(o.fanOutMs, 50), p(o.fanOutMs, 99), String(o.fanOutMs.length), `${formatRatio(fanOutShare(o))} of raw`],
    [`${o.queue}: ${shape.fanOutWidth} parallel raw jobs`, p(o.rawFanOutMs, 50), p(o.rawFanOutMs, 99), String(o.rawFanOutMs.length), ''],
    [`${o.queue}: trigger → first stage`, p(o.triggerToFirstStageMs, 50), p(o.triggerToFirstStageMs, 99), String(o.triggerToFirstStageMs.length), `≤ ${TRIGGER_TARGET_MS} ms p99: ${met(percentile(o.triggerToFirstStageMs, 99) <= TRIGGER_TARGET_MS)}`],
  ]);
  console.log(table(["Windmill's method (wall time, no-op stages)", 'p50 ms', 'p99 ms', 'runs', 'target'], rows));
  console.log(`published for ${shape.chainLength} lightweight tasks: ${WINDMILL_PUBLISHED}`);
  for (const o of outcomes) {
    if (o.queue.startsWith('BullMQ')) console.log(`fan-out on BullMQ: ${formatRatio(fanOutShare(o))} of raw BullMQ (target ≥ ${FAN_OUT_TARGET_SHARE}: ${met(fanOutShare(o) >= FAN_OUT_TARGET_SHARE)})`);
  }
}

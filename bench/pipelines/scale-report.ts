import { formatCount, formatMs, percentile, table } from '../lib/stats.ts';
import type { ScaleOutcome } from './scale-bench.ts';

/** Target (issue 10): pipelines.get p99 ≤ 100 ms under the load. */
export const API_TARGET_MS = 100;

export function printScaleReport(outcome: ScaleOutcome): void {
  const { shape } = outcome;
  const row = (name: string, samples: number[]) => [name, formatCount(samples.length), formatMs(percentile(samples, 50)), formatMs(percentile(samples, 99)), formatMs(percentile(samples, 100))];
  console.log(
    table(
      [`pipelines.get over tRPC (HTTP, 127.0.0.1)`, 'calls', 'p50 ms', 'p99 ms', 'max ms'],
      [
        row('idle', outcome.idleMs),
        row(`while the API process starts ${formatCount(shape.runs)} runs`, outcome.whileTriggeringMs),
        row(`then while they run on ${shape.processes * shape.workersPerProcess} workers`, outcome.whileRunningMs),
        row('under load (both)', [...outcome.whileTriggeringMs, ...outcome.whileRunningMs]),
      ],
    ),
  );
  const p99 = percentile([...outcome.whileTriggeringMs, ...outcome.whileRunningMs], 99);
  console.log(
    `scale: ${formatCount(shape.runs)} runs of ${shape.stagesPerRun} no-op stages over ${shape.processes} processes × ${shape.workersPerProcess} workers: ` +
      `all started in ${formatMs(outcome.triggerAllMs)} ms, all done in ${(outcome.allDoneMs / 1000).toFixed(1)} s (${formatCount(shape.runs / (outcome.allDoneMs / 1000))} runs/s); ` +
      `API p99 ${formatMs(p99)} ms under load (target ≤ ${API_TARGET_MS} ms: ${p99 <= API_TARGET_MS ? 'met' : 'missed'})`,
  );
}

import { formatCount, formatMs, percentile, table } from '../lib/stats.ts';
import type { ScaleOutcome } from './scale-part.ts';

const API_P99_TARGET_MS = 100;

export function printScaleReport(outcome: ScaleOutcome): void {
  const { shape } = outcome;
  const logical = shape.processes * shape.slotsPerProcess;
  console.log(
    `\nscale: ${formatCount(shape.runs)} runs of ${shape.stagesPerRun} × ${shape.stageMs} ms stages over ${logical} logical workers in ${shape.processes} processes (BullMQ, PostgreSQL), ` +
      `pipelines.get over tRPC at ${shape.apiCallsPerSecond}/s`,
  );
  const floorMs = Math.ceil(shape.runs / logical) * shape.stagesPerRun * shape.stageMs;
  console.log(
    table(
      ['figure', 'value'],
      [
        ['runs succeeded / failed / cancelled', `${outcome.byStatus.succeeded ?? 0} / ${outcome.byStatus.failed ?? 0} / ${outcome.byStatus.cancelled ?? 0}`],
        ['burst of starts (all queued) ms', formatMs(outcome.triggerMs)],
        ['first start → last end ms', formatMs(outcome.wallMs)],
        ['the same work with no engine cost ms', formatMs(floorMs)],
        ['runs/s', (shape.runs / (outcome.wallMs / 1000)).toFixed(1)],
        ['peak runs in flight (queued + running)', formatCount(outcome.peakInFlight)],
        ['peak runs running at once', formatCount(outcome.peakRunning)],
        ['pipelines.get calls (errors)', `${formatCount(outcome.apiMs.length)} (${outcome.apiErrors})`],
        ['pipelines.get p50 / p99 ms', `${formatMs(percentile(outcome.apiMs, 50))} / ${formatMs(percentile(outcome.apiMs, 99))}`],
      ],
    ),
  );
  console.log(`target: API p99 ≤ ${API_P99_TARGET_MS} ms under the load: ${percentile(outcome.apiMs, 99) <= API_P99_TARGET_MS ? 'met' : 'missed'}`);
}

export function scaleApiP99(outcome: ScaleOutcome): number {
  return percentile(outcome.apiMs, 99);
}

import { formatCount, formatMs, formatRatio, percentile, table } from '../lib/stats.ts';
import type { StreamOutcome } from './stream-bench.ts';

/** Target (issue 10): our stream job at ≥ 5× Node-RED's throughput. */
export const STREAM_TARGET_RATIO = 5;

export function streamRatio(outcome: StreamOutcome): number {
  return outcome.ours.pointsPerSecond / outcome.nodeRed.pointsPerSecond;
}

export function printStreamReport(outcome: StreamOutcome): void {
  const sides = [outcome.ours, outcome.nodeRed];
  console.log(
    table(
      ['stream: 1-minute average per host, event above the threshold', ...sides.map((side) => `${side.name} (${side.version})`)],
      [
        ['saturation points/s (first publish → last output)', ...sides.map((side) => formatCount(side.pointsPerSecond))],
        ['events over the saturation phase', ...sides.map((side) => formatCount(side.saturationEvents))],
        ['paced phase points/s (same offered rate)', ...sides.map((side) => formatCount(side.pacedPointsPerSecond))],
        ['publish → output p50 ms (paced)', ...sides.map((side) => formatMs(percentile(side.latencies, 50)))],
        ['publish → output p99 ms (paced)', ...sides.map((side) => formatMs(percentile(side.latencies, 99)))],
        ['publish → output max ms (paced)', ...sides.map((side) => formatMs(percentile(side.latencies, 100)))],
      ],
    ),
  );
  const { missing, different } = outcome.comparison;
  console.log(
    missing === 0 && different === 0
      ? 'both sides raised the same events with the same averages over the saturation phase'
      : `the sides disagree over the saturation phase: ${missing} host-minutes on one side only, ${different} with another average`,
  );
  const ratio = streamRatio(outcome);
  console.log(`stream throughput: ${formatRatio(ratio)} Node-RED (target ≥ ${STREAM_TARGET_RATIO}×: ${ratio >= STREAM_TARGET_RATIO ? 'met' : 'missed'})`);
}

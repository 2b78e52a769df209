// The ingest bench's printed results: the side-by-side table, the consumers' lag, the soak summary, the targets and the last line.
import { formatCount, formatMiB, formatMs, formatRatio, percentile, table } from '../lib/stats.ts';
import { CPU_FIELDS } from '../lib/tsbs-cpu.ts';
import type { PhaseResult } from './load-fleet.ts';
import type { ConsumerLagSample } from './messages.ts';
import { consumerPeaks, type CatchUp, type ServerSample } from './server-samples.ts';
import type { MinuteRow } from './soak-minutes.ts';

export interface FixedRateRun extends PhaseResult {
  offeredPointsPerSecond: number;
  samples: ServerSample[];
  /** The soak's minutes; null for the standard fixed-rate phase. */
  minutes: MinuteRow[] | null;
}

export interface SideOutcome {
  saturation: PhaseResult;
  fixedRate: FixedRateRun;
  /** VmHWM at the end of the run. */
  serverPeakRss: number;
  stored: number;
}

export interface FacilFlowOutcome extends SideOutcome {
  catchUp: CatchUp;
  consumersAtEnd: ConsumerLagSample[];
}

const rate = (phase: PhaseResult) => phase.points / phase.seconds;
const lagCell = (seconds: number, batches: number) => `${seconds.toFixed(1)} s / ${formatCount(batches)}`;

function sideColumn(side: SideOutcome | null): string[] {
  if (side === null) return Array<string>(LABELS.length).fill('n/a');
  const { saturation, fixedRate } = side;
  return [
    '',
    formatCount(rate(saturation)),
    formatCount(rate(saturation) * CPU_FIELDS.length),
    saturation.seconds.toFixed(1),
    formatMs(percentile(saturation.latencies, 50)),
    formatMs(percentile(saturation.latencies, 99)),
    `${Math.round(saturation.serverCpu)}%`,
    `${Math.round(saturation.loadCpu)}%`,
    '',
    formatCount(fixedRate.offeredPointsPerSecond),
    formatCount(rate(fixedRate)),
    fixedRate.seconds.toFixed(1),
    formatCount(fixedRate.latencies.length),
    formatCount(fixedRate.lateSends),
    formatMs(percentile(fixedRate.latencies, 50)),
    formatMs(percentile(fixedRate.latencies, 99)),
    formatMs(Math.max(...fixedRate.latencies)),
    formatMiB(fixedRate.samples.at(-1)?.rss ?? Number.NaN),
    `${Math.round(fixedRate.serverCpu)}%`,
    `${Math.round(fixedRate.loadCpu)}%`,
    formatMiB(side.serverPeakRss),
  ];
}

const LABELS = [
  'saturation',
  '  points/s (rows of 10 fields)',
  '  field values/s',
  '  seconds',
  '  p50 publish→durable ms',
  '  p99 publish→durable ms',
  '  server CPU (100% = 1 core)',
  '  load generators CPU',
  'fixed rate, {share} of FacilFlow max',
  '  offered points/s',
  '  achieved points/s',
  '  seconds',
  '  messages',
  '  late sends (window full)',
  '  p50 publish→durable ms',
  '  p99 publish→durable ms',
  '  max publish→durable ms',
  '  server RSS at end',
  '  server CPU (100% = 1 core)',
  '  load generators CPU',
  'server peak RSS (whole run)',
];

function consumerTable(ours: FacilFlowOutcome): string {
  const peaks = consumerPeaks(ours.fixedRate.samples);
  const rows = ours.catchUp.atStart.map((start) => {
    const caughtUp = ours.catchUp.caughtUpAfter.get(start.consumer);
    const left = ours.catchUp.atEnd.find((lag) => lag.consumer === start.consumer);
    const peak = peaks.find((p) => p.consumer === start.consumer);
    const end = ours.fixedRate.samples.at(-1)?.consumers.find((lag) => lag.consumer === start.consumer);
    const total = ours.consumersAtEnd.find((lag) => lag.consumer === start.consumer);
    return [
      start.consumer,
      lagCell(start.lagSeconds, start.lagBatches),
      caughtUp === null || caughtUp === undefined ? `not in ${ours.catchUp.limitSeconds} s (${formatCount(left?.lagBatches ?? Number.NaN)} left)` : caughtUp.toFixed(1),
      peak ? lagCell(peak.maxLagSeconds, peak.maxLagBatches) : 'n/a',
      end ? lagCell(end.lagSeconds, end.lagBatches) : 'n/a',
      total ? `${formatCount(total.processedBatches)} / ${formatCount(total.failedBatches)} / ${formatCount(total.skippedBatches)}` : 'n/a',
    ];
  });
  return table(
    ['stream consumer', 'lag after saturation (s / batches)', 'caught up after s', 'max lag at fixed rate', 'lag at its end', 'batches processed / failed / skipped'],
    rows,
  );
}

function soakSummary(minutes: readonly MinuteRow[], samples: readonly ServerSample[]): string {
  const startRss = samples[0]?.rss ?? Number.NaN;
  const endRss = samples.at(-1)?.rss ?? Number.NaN;
  const growth = ((endRss - startRss) / startRss) * 100;
  return (
    `soak: server RSS ${formatMiB(startRss)} at start, ${formatMiB(endRss)} at end (${growth >= 0 ? '+' : ''}${growth.toFixed(1)}%); ` +
    `p99 publish→durable per minute (ms): ${minutes.map((row) => formatMs(row.p99Ms)).join(', ')}`
  );
}

export function printReport(ours: FacilFlowOutcome, peer: (SideOutcome & { version: string }) | null, options: { soak: boolean; fixedRateShare: number }): void {
  console.log('');
  const ourColumn = sideColumn(ours);
  const peerColumn = sideColumn(peer);
  const labels = LABELS.map((label) => label.replace('{share}', `${Math.round(options.fixedRateShare * 100)}%`));
  console.log(table(['', 'FacilFlow (MQTT → DuckDB)', peer ? `InfluxDB ${peer.version} (HTTP)` : 'InfluxDB 1.6'], labels.map((label, i) => [label, ourColumn[i]!, peerColumn[i]!])));
  console.log(`stored and counted: FacilFlow ${formatCount(ours.stored)}, InfluxDB ${peer ? formatCount(peer.stored) : 'n/a'}`);
  if (options.soak) console.log(`FacilFlow's fixed-rate phase is the soak (${ours.fixedRate.seconds.toFixed(0)} s); InfluxDB's is the standard ${peer ? `${peer.fixedRate.seconds.toFixed(0)} s` : 'one (not run)'}`);
  console.log('');
  console.log(ours.catchUp.atStart.length > 0 ? consumerTable(ours) : 'stream consumers: none (FF_BENCH_OBSERVERS=none)');
  if (ours.fixedRate.minutes) console.log(soakSummary(ours.fixedRate.minutes, ours.fixedRate.samples));
  const fixedP99 = percentile(ours.fixedRate.latencies, 99);
  const targets = [
    `≥ 1,000,000 points/s: ${rate(ours.saturation) >= 1_000_000 ? 'met' : 'missed'}`,
    `≥ 2× InfluxDB: ${peer ? (rate(ours.saturation) >= 2 * rate(peer.saturation) ? 'met' : 'missed') : 'n/a'}`,
    `p99 ≤ 1 s at ${Math.round(options.fixedRateShare * 100)}% load: ${fixedP99 <= 1000 ? 'met' : 'missed'}`,
    `peak RSS ≤ 1.5 GiB: ${ours.serverPeakRss <= 1.5 * 1024 ** 3 ? 'met' : 'missed'}`,
  ];
  console.log(`targets: ${targets.join('; ')}`);
  console.log(`ingest: ${formatCount(rate(ours.saturation))} points/s (${formatRatio(peer ? rate(ours.saturation) / rate(peer.saturation) : null)} vs InfluxDB 1.6)`);
}

/** The figures of one run, and how they read against the targets. */
export interface AgentFigures {
  windowS: number;
  /** Mean of the agent's own heartbeat rates over the window. */
  notificationsPerS: number;
  /** Points that reached the broker in the window, per second. */
  pointsAtBrokerPerS: number;
  batchesPerS: number;
  meanBatchPoints: number;
  cpuCores: number;
  rssSteadyMiB: number;
  rssPeakMiB: number;
  p50PublishMs: number;
  p99PublishMs: number;
  p99BrokerMs: number;
  maxBufferBatches: number;
  lastBufferBatches: number;
  droppedPoints: number;
  simulatorCores: number;
  brokerCores: number;
  monitoredItems: number;
}

export const TARGET = { notificationsPerS: 50_000, cpuCores: 0.5, rssMiB: 250 } as const;

const int = (n: number): string => Math.round(n).toLocaleString('en-US');
const fixed = (n: number, digits: number): string => n.toFixed(digits);
const mark = (ok: boolean): string => (ok ? 'ok' : 'MISSED');

export function table(f: AgentFigures): string {
  const rows: [string, string, string][] = [
    ['monitored items', int(f.monitoredItems), ''],
    ['notifications/s (agent heartbeats)', int(f.notificationsPerS), `${mark(f.notificationsPerS >= TARGET.notificationsPerS)} ≥ ${int(TARGET.notificationsPerS)}`],
    ['points/s at the broker', int(f.pointsAtBrokerPerS), ''],
    ['batches/s, mean points per batch', `${fixed(f.batchesPerS, 1)}, ${int(f.meanBatchPoints)}`, ''],
    ['agent CPU (cores)', fixed(f.cpuCores, 3), `${mark(f.cpuCores <= TARGET.cpuCores)} ≤ ${TARGET.cpuCores}`],
    ['agent RSS peak (VmHWM, MiB)', int(f.rssPeakMiB), `${mark(f.rssPeakMiB <= TARGET.rssMiB)} ≤ ${TARGET.rssMiB}`],
    ['agent RSS steady (mean in window, MiB)', int(f.rssSteadyMiB), ''],
    ['source timestamp → publish p50 / p99 (ms)', `${int(f.p50PublishMs)} / ${int(f.p99PublishMs)}`, ''],
    ['source timestamp → broker p99 (ms)', int(f.p99BrokerMs), ''],
    ['buffer depth max / at end (batches)', `${int(f.maxBufferBatches)} / ${int(f.lastBufferBatches)}`, ''],
    ['points dropped by the buffer bound', int(f.droppedPoints), ''],
    ['simulator shards CPU (cores, all)', fixed(f.simulatorCores, 2), ''],
    ['broker + probe CPU (cores)', fixed(f.brokerCores, 2), ''],
  ];
  const width = Math.max(...rows.map(([name]) => name.length));
  const valueWidth = Math.max(...rows.map(([, value]) => value.length));
  return [`measured over ${f.windowS} s`, ...rows.map(([name, value, verdict]) => `  ${name.padEnd(width)}  ${value.padStart(valueWidth)}  ${verdict}`.trimEnd())].join('\n');
}

/** The one line every benchmark ends with: figure, ratio against its peer (here the target). */
export function lastLine(f: AgentFigures): string {
  const ratio = f.notificationsPerS / TARGET.notificationsPerS;
  return `agent: ${int(f.notificationsPerS)} notifications/s (${fixed(ratio, 2)}× target ${int(TARGET.notificationsPerS)}; CPU ${fixed(f.cpuCores, 2)} core, RSS ${int(f.rssPeakMiB)} MiB)`;
}

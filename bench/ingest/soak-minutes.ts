// The soak's per-minute log: acknowledgements and server samples bucketed by the minute they arrived in.
import { formatCount, formatMiB, formatMs, percentile } from '../lib/stats.ts';
import { consumerPeaks, type ConsumerPeak, type ServerSample } from './server-samples.ts';

const MINUTE_MS = 60_000;

export interface MinuteRow {
  /** 1-based. */
  minute: number;
  /** Shorter than 60 for a last, partial minute. */
  seconds: number;
  points: number;
  messages: number;
  p99Ms: number;
  /** VmRSS at the minute's last sample. */
  rss: number;
  /** Whether a server sample (RSS, lag) landed in the minute. */
  sampled: boolean;
  consumers: ConsumerPeak[];
}

export class SoakMinutes {
  readonly rows: MinuteRow[] = [];
  private readonly began = performance.now();
  private minute = 0;
  private latencies: number[] = [];
  private points = 0;
  private samples: ServerSample[] = [];

  constructor(private readonly print: (line: string) => void) {}

  addAcks(latencies: readonly number[], points: number): void {
    this.roll();
    for (const latency of latencies) this.latencies.push(latency);
    this.points += points;
  }

  addSample(sample: ServerSample): void {
    this.roll();
    this.samples.push(sample);
  }

  /** Closes the last minute, partial as it may be. */
  finish(): void {
    this.roll();
    const seconds = (performance.now() - this.began - this.minute * MINUTE_MS) / 1000;
    if (this.latencies.length > 0 || this.samples.length > 0) this.close(seconds);
  }

  private roll(): void {
    const index = Math.floor((performance.now() - this.began) / MINUTE_MS);
    while (this.minute < index) {
      this.close(MINUTE_MS / 1000);
      this.minute++;
    }
  }

  private close(seconds: number): void {
    const row: MinuteRow = {
      minute: this.minute + 1,
      seconds,
      points: this.points,
      messages: this.latencies.length,
      p99Ms: percentile(this.latencies, 99),
      rss: this.samples.at(-1)?.rss ?? Number.NaN,
      sampled: this.samples.length > 0,
      consumers: consumerPeaks(this.samples),
    };
    this.rows.push(row);
    this.print(formatMinute(row));
    this.latencies = [];
    this.points = 0;
    this.samples = [];
  }
}

function formatMinute(row: MinuteRow): string {
  const lag = row.sampled
    ? row.consumers.map((peak) => `${peak.consumer} ${peak.maxLagSeconds.toFixed(1)} s / ${formatCount(peak.maxLagBatches)} batches`).join(', ') || 'no consumers'
    : 'no sample (the server did not answer the lag request within the minute)';
  return (
    `soak minute ${row.minute}${row.seconds < MINUTE_MS / 1000 ? ` (${row.seconds.toFixed(0)} s)` : ''}: ${formatCount(row.points / row.seconds)} points/s, ` +
    `p99 publish→durable ${formatMs(row.p99Ms)} ms over ${row.messages} messages, server RSS ${formatMiB(row.rss)}, max consumer lag: ${lag}`
  );
}

import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** Seconds from receipt: ms for a durable write, up to minutes for an observer that fell behind. */
const LAG_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15, 60];

/**
 * The counts an ingest handle keeps (`Ingest.stats()` / `undeliverable()` in @facilflow/ingest),
 * described here by shape so this package does not depend on ingest.
 */
export interface IngestCounts {
  stats(): {
    messages: Record<'received' | 'stored' | 'duplicates' | 'deadLettered' | 'undeliverable' | 'failed' | 'ignored', number>;
    points: { written: number; rejected: number };
    bytes: number;
    inFlight: number;
    stream: { appended: number; appendFailed: number };
  };
  undeliverable(): ReadonlyArray<{ reason: string; count: number }>;
}

export interface IngestMetrics {
  /** Read the counts at each scrape from this handle (the ingest role has one per process). */
  readFrom(ingest: IngestCounts): void;
  /** Receipt → durable write of each stored batch. */
  readonly lag: Histogram;
  /** Receipt → a stream consumer (quality, lineage…) starting on the batch, per consumer. */
  readonly observerLag: Histogram<'observer'>;
}

const MESSAGE_RESULTS = {
  received: 'received',
  stored: 'stored',
  duplicates: 'duplicate',
  deadLettered: 'dead_lettered',
  undeliverable: 'undeliverable',
  failed: 'failed',
  ignored: 'ignored',
} as const;

export function createIngestMetrics(registry: Registry): IngestMetrics {
  let source: IngestCounts | undefined;
  const registers = [registry];
  // Counters mirror ingest's own monotonic counts: set to them at scrape time.
  const mirror = (name: string, help: string, read: (ingest: IngestCounts) => number) =>
    new Counter({
      name,
      help,
      registers,
      collect() {
        if (!source) return;
        this.reset();
        this.inc(read(source));
      },
    });
  mirror('facilflow_ingest_points_written_total', 'Telemetry points stored durably', (i) => i.stats().points.written);
  mirror('facilflow_ingest_points_rejected_total', 'Telemetry points refused (kept in dead letters)', (i) => i.stats().points.rejected);
  mirror('facilflow_ingest_bytes_total', 'Telemetry payload bytes received', (i) => i.stats().bytes);
  mirror('facilflow_ingest_dead_letters_total', 'Messages kept as dead letters', (i) => i.stats().messages.deadLettered);
  new Counter({
    name: 'facilflow_ingest_messages_total',
    help: 'Telemetry messages (batches) by result',
    labelNames: ['result'] as const,
    registers,
    collect() {
      if (!source) return;
      this.reset();
      const { messages } = source.stats();
      for (const [field, result] of Object.entries(MESSAGE_RESULTS)) this.inc({ result }, messages[field as keyof typeof MESSAGE_RESULTS]);
    },
  });
  new Counter({
    name: 'facilflow_ingest_undeliverable_total',
    help: 'Messages acknowledged without a dead letter (it could not be recorded), by the dead-letter reason they would have had',
    labelNames: ['reason'] as const,
    registers,
    collect() {
      if (!source) return;
      this.reset();
      for (const { reason, count } of source.undeliverable()) this.inc({ reason }, count);
    },
  });
  new Gauge({
    name: 'facilflow_ingest_in_flight',
    help: 'Telemetry messages being made durable',
    registers,
    collect() {
      if (source) this.set(source.stats().inFlight);
    },
  });
  new Counter({
    name: 'facilflow_ingest_stream_appends_total',
    help: 'Stored batches appended to the written-telemetry stream, by result (a failed append leaves the points stored and its consumers without them)',
    labelNames: ['result'] as const,
    registers,
    collect() {
      if (!source) return;
      this.reset();
      const { stream } = source.stats();
      this.inc({ result: 'appended' }, stream.appended);
      this.inc({ result: 'failed' }, stream.appendFailed);
    },
  });
  return {
    readFrom: (ingest) => void (source = ingest),
    lag: new Histogram({ name: 'facilflow_ingest_lag_seconds', help: 'Receipt of a telemetry message to its points being durable', buckets: LAG_BUCKETS, registers }),
    observerLag: new Histogram({
      name: 'facilflow_observer_lag_seconds',
      help: 'Receipt of a telemetry message to a written-telemetry consumer starting on its stored points',
      labelNames: ['observer'] as const,
      buckets: LAG_BUCKETS,
      registers,
    }),
  };
}

import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { createIngestMetrics, type IngestMetrics } from './ingest-metrics.ts';
import { createStreamMetrics, type StreamMetrics } from './stream-metrics.ts';
import { createSourcedGauges, type SourcedGauges } from './sourced-gauges.ts';

/** Seconds: from a cached read (ms) to a long telemetry query or a slow sign-in. */
const REQUEST_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
/** Seconds: background jobs run from milliseconds to minutes. */
const JOB_BUCKETS = [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300];

export interface Metrics {
  /** What /metrics serves: this process's metrics only (no global registry). */
  readonly registry: Registry;
  /** Per HTTP request, labelled by front (trpc, mcp, web, ingest, probe), operation (a registered name, or the front's route) and outcome (status class). */
  readonly httpRequestDuration: Histogram<'front' | 'operation' | 'outcome'>;
  /** Per registry call, whatever the front: outcome is `ok` or the FacilFlow error code. */
  readonly operationCalls: Counter<'operation' | 'effect' | 'front' | 'outcome'>;
  readonly operationDuration: Histogram<'operation' | 'front' | 'outcome'>;
  readonly ingest: IngestMetrics;
  /** Lag of each written-telemetry consumer. */
  readonly stream: StreamMetrics;
  /** For the queue adapters: jobs waiting per queue, and how long each job took. */
  readonly queueDepth: Gauge<'queue'>;
  readonly jobDuration: Histogram<'queue' | 'outcome'>;
  /** Gauges read at scrape time from whoever holds the number (broker, store pools). */
  readonly sourced: SourcedGauges;
}

export interface MetricsOptions {
  /** Node's process metrics (CPU, memory, event-loop lag, GC); default on. */
  processMetrics?: boolean;
}

export function createMetrics(options: MetricsOptions = {}): Metrics {
  const registry = new Registry();
  if (options.processMetrics !== false) collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    httpRequestDuration: new Histogram({
      name: 'facilflow_http_request_duration_seconds',
      help: 'HTTP requests by front, operation and outcome (status class)',
      labelNames: ['front', 'operation', 'outcome'] as const,
      buckets: REQUEST_BUCKETS,
      registers,
    }),
    operationCalls: new Counter({
      name: 'facilflow_operation_calls_total',
      help: 'Registry operation calls by operation, effect, front and outcome (ok or the error code)',
      labelNames: ['operation', 'effect', 'front', 'outcome'] as const,
      registers,
    }),
    operationDuration: new Histogram({
      name: 'facilflow_operation_duration_seconds',
      help: 'Registry operation calls, from validation to the audited result',
      labelNames: ['operation', 'front', 'outcome'] as const,
      buckets: REQUEST_BUCKETS,
      registers,
    }),
    ingest: createIngestMetrics(registry),
    stream: createStreamMetrics(registry),
    queueDepth: new Gauge({ name: 'facilflow_queue_depth', help: 'Jobs waiting, per queue', labelNames: ['queue'] as const, registers }),
    jobDuration: new Histogram({
      name: 'facilflow_job_duration_seconds',
      help: 'Jobs by queue and outcome',
      labelNames: ['queue', 'outcome'] as const,
      buckets: JOB_BUCKETS,
      registers,
    }),
    sourced: createSourcedGauges(registry),
  };
}

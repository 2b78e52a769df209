import { Counter, Gauge, type Registry } from 'prom-client';

/** The written-telemetry stream (`WrittenTelemetryStream.lag()` in @facilflow/messaging), by shape. */
export interface StreamLagSource {
  lag(): Promise<ReadonlyArray<{ consumer: string; lagBatches: number; lagSeconds: number; processedBatches: number; failedBatches: number; skippedBatches: number }>>;
}

export interface StreamMetrics {
  /** Read each consumer's lag from this stream at each scrape. */
  readFrom(stream: StreamLagSource): void;
}

/**
 * Consumer lag of the written-telemetry stream, per consumer (not per tenant: the label set
 * stays small). On Redis every process sees every consumer, wherever it runs.
 */
export function createStreamMetrics(registry: Registry): StreamMetrics {
  let source: StreamLagSource | undefined;
  const registers = [registry];
  const read = async () => (source ? await source.lag().catch(() => []) : []);
  new Gauge({
    name: 'facilflow_stream_consumer_lag_batches',
    help: 'Written-telemetry batches each consumer has not processed yet',
    labelNames: ['consumer'] as const,
    registers,
    async collect() {
      this.reset();
      for (const lag of await read()) this.set({ consumer: lag.consumer }, lag.lagBatches);
    },
  });
  new Gauge({
    name: 'facilflow_stream_consumer_lag_seconds',
    help: 'How long the oldest batch a consumer has not processed has waited',
    labelNames: ['consumer'] as const,
    registers,
    async collect() {
      this.reset();
      for (const lag of await read()) this.set({ consumer: lag.consumer }, lag.lagSeconds);
    },
  });
  new Counter({
    name: 'facilflow_stream_consumer_batches_total',
    help: 'Written-telemetry batches per consumer by result (processed, failed, skipped when the stream no longer held them)',
    labelNames: ['consumer', 'result'] as const,
    registers,
    async collect() {
      this.reset();
      for (const lag of await read()) {
        this.inc({ consumer: lag.consumer, result: 'processed' }, lag.processedBatches);
        this.inc({ consumer: lag.consumer, result: 'failed' }, lag.failedBatches);
        this.inc({ consumer: lag.consumer, result: 'skipped' }, lag.skippedBatches);
      }
    },
  });
  return { readFrom: (stream) => void (source = stream) };
}

import type { IngestMetrics } from './ingest-metrics.ts';

/** A consumer of the written-telemetry stream (`TelemetryObserver` in @facilflow/core), by shape. */
export interface BatchConsumer<Batch extends { receivedAt: Date }> {
  readonly name: string;
  observe(batch: Batch): Promise<void>;
  checkpoint?(): Promise<void>;
  close?(): Promise<void>;
}

/** Each consumer timed from the batch's receipt to its starting on it: how far behind live it runs. */
export function timedTelemetryConsumers<Batch extends { receivedAt: Date }, Consumer extends BatchConsumer<Batch>>(
  metrics: IngestMetrics,
  consumers: readonly Consumer[],
  now: () => number = Date.now,
): BatchConsumer<Batch>[] {
  return consumers.map((consumer): BatchConsumer<Batch> => ({
    name: consumer.name,
    observe(batch) {
      metrics.observerLag.observe({ observer: consumer.name }, Math.max(0, now() - batch.receivedAt.getTime()) / 1000);
      return consumer.observe(batch);
    },
    ...(consumer.checkpoint ? { checkpoint: () => consumer.checkpoint?.() ?? Promise.resolve() } : {}),
    ...(consumer.close ? { close: () => consumer.close?.() ?? Promise.resolve() } : {}),
  }));
}

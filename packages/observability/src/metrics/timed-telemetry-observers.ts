import type { IngestMetrics } from './ingest-metrics.ts';

/** A telemetry observer (`TelemetryObserver` in @facilflow/core), by shape. */
export interface BatchObserver<Batch extends { receivedAt: Date }> {
  readonly name: string;
  observe(batch: Batch): Promise<void>;
  close?(): Promise<void>;
}

/**
 * The observers ingest runs after each durable write, each timed from the batch's receipt,
 * plus one that only times: ingest hands a stored batch to every observer's queue at once and
 * this one's queue never grows, so what it sees is receipt → durable (plus a tick).
 */
export function timedTelemetryObservers<Batch extends { receivedAt: Date }>(
  metrics: IngestMetrics,
  observers: readonly BatchObserver<Batch>[],
  now: () => number = Date.now,
): BatchObserver<Batch>[] {
  const secondsSince = (batch: Batch) => Math.max(0, now() - batch.receivedAt.getTime()) / 1000;
  const durableLag: BatchObserver<Batch> = {
    name: 'ingest-lag',
    observe: async (batch) => void metrics.lag.observe(secondsSince(batch)),
  };
  const timed = observers.map(
    (observer): BatchObserver<Batch> => ({
      name: observer.name,
      observe(batch) {
        metrics.observerLag.observe({ observer: observer.name }, secondsSince(batch));
        return observer.observe(batch);
      },
      ...(observer.close ? { close: () => observer.close?.() ?? Promise.resolve() } : {}),
    }),
  );
  return [durableLag, ...timed];
}

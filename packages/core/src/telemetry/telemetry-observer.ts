import type { WrittenBatch } from '@facilflow/contracts';

export type { WrittenBatch };

/**
 * A consumer of the written-telemetry stream (data quality, lineage, alert rules, stream
 * pipelines). It reads at its own pace, never on the acknowledgement path: a failing or
 * slow one is logged and measured, and the points stay stored.
 */
export interface TelemetryObserver {
  readonly name: string;
  /** Batches in the order they were stored (per tenant). */
  observe(batch: WrittenBatch): Promise<void>;
  /**
   * Makes durable what `observe` produced so far. The stream moves the consumer's
   * checkpoint past a batch only after this, so a restarted consumer resumes from there.
   */
  checkpoint?(): Promise<void>;
  close?(): Promise<void>;
}

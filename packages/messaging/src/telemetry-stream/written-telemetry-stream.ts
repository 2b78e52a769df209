import type { WrittenBatch } from '@facilflow/contracts';

/** Reads the stream: the written-telemetry side of core's TelemetryObserver. */
export interface StreamConsumer {
  readonly name: string;
  observe(batch: WrittenBatch): Promise<void>;
  /** Makes durable what `observe` produced; the checkpoint moves past a batch only after it. */
  checkpoint?(): Promise<void>;
}

export interface ConsumerTenantLag {
  consumer: string;
  /** Batches of the tenant appended but not yet observed. */
  lagBatches: number;
  /** Received-time distance between the tenant's newest appended batch and the newest one the consumer observed. */
  lagSeconds: number;
  processedBatches: number;
  skippedBatches: number;
  lastProcessedAt: Date | null;
}

export interface ConsumerLag {
  consumer: string;
  lagBatches: number;
  /** How long the oldest batch the consumer has not observed has been waiting (0 when caught up). */
  lagSeconds: number;
  processedBatches: number;
  failedBatches: number;
  skippedBatches: number;
}

export interface ConsumeOptions {
  /** Checkpoint at least this often while batches flow (default 1 s). */
  checkpointIntervalMs?: number;
}

export interface Subscription {
  /** Stops reading: the batch in hand finishes, the consumer checkpoints, the position is kept for the next subscribe under the same name. */
  stop(): Promise<void>;
}

/**
 * The written-telemetry stream. Ingest appends each batch after its durable write and
 * before the acknowledgement; consumers read it at their own pace from their own
 * checkpoint, so a slow one never delays an acknowledgement and ingest never drops data
 * because of one. Consumers are known by name: a name's position is kept while it is
 * stopped, and `register` makes the stream hold batches for a name that has not
 * subscribed yet (a worker process that starts after ingest).
 */
export interface WrittenTelemetryStream {
  readonly kind: 'in-process' | 'redis';
  append(batch: WrittenBatch): Promise<void>;
  register(consumerName: string): Promise<void>;
  subscribe(consumer: StreamConsumer, options?: ConsumeOptions): Subscription;
  lag(): Promise<ConsumerLag[]>;
  /** One tenant's view of each consumer: only that tenant's batches are counted. */
  tenantLag(tenantId: string): Promise<ConsumerTenantLag[]>;
  close(): Promise<void>;
}

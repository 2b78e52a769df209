import type { TelemetryObserver } from '@facilflow/core';
import type { Subscription, WrittenTelemetryStream } from '@facilflow/messaging';
import { errorMessage, type IngestLog } from './log.ts';

/** The consumers every deployment runs (standardObservers builds them): a worker reads the stream under these names. */
export const STANDARD_CONSUMER_NAMES = ['quality', 'lineage', 'pipelines', 'alerts'] as const;

export interface TelemetryConsumersOptions {
  log: IngestLog;
  /** How often consumers make their results durable while batches flow (default 5 s; at once when the stream runs dry). */
  checkpointIntervalMs?: number;
  /** In process, close waits up to this long for consumers to read what is left (default 10 s): the stream does not outlive the process. */
  drainTimeoutMs?: number;
}

export interface RunningTelemetryConsumers {
  readonly names: readonly string[];
  /** Stops reading (after the consumers caught up, in process), checkpoints, closes each consumer. */
  close(): Promise<void>;
}

/** Runs consumers of the written-telemetry stream in this process: beside ingest on one node, on the worker role at scale. */
export async function startTelemetryConsumers(
  stream: WrittenTelemetryStream,
  consumers: readonly TelemetryObserver[],
  options: TelemetryConsumersOptions,
): Promise<RunningTelemetryConsumers> {
  const subscriptions: Subscription[] = [];
  for (const consumer of consumers) {
    await stream.register(consumer.name);
    subscriptions.push(stream.subscribe(consumer, { checkpointIntervalMs: options.checkpointIntervalMs ?? 5000 }));
  }
  let closing: Promise<void> | undefined;
  return {
    names: consumers.map((consumer) => consumer.name),
    close: () =>
      (closing ??= (async () => {
        if (stream.kind === 'in-process') await caughtUp(stream, options.drainTimeoutMs ?? 10_000, options.log);
        await Promise.all(subscriptions.map((subscription) => subscription.stop()));
        for (const consumer of consumers) {
          await consumer.close?.().catch((error: unknown) => options.log.error('telemetry consumer did not close cleanly', { consumer: consumer.name, error: errorMessage(error) }));
        }
      })()),
  };
}

async function caughtUp(stream: WrittenTelemetryStream, timeoutMs: number, log: IngestLog): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const behind = (await stream.lag()).filter((lag) => lag.lagBatches > 0);
    if (behind.length === 0) return;
    if (Date.now() > deadline) {
      log.warn('telemetry consumers still behind at shutdown; their results miss these batches (the points are stored)', { behind: behind.map((lag) => `${lag.consumer}:${lag.lagBatches}`).join(', ') });
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

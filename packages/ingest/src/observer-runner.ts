import type { TelemetryObserver, WrittenBatch } from '@facilflow/core';
import { errorMessage, type IngestLog } from './log.ts';

export interface ObserverStats {
  queued: number;
  completed: number;
  failed: number;
  /** Batches not given to the observer because it had `queueLimit` waiting already. */
  dropped: number;
}

/**
 * Feeds one observer, one batch at a time in the order the batches were stored, apart from
 * the acknowledgement: enqueueing never waits. A slow observer builds a queue up to the
 * limit, then misses batches (counted, logged): the points are stored regardless, and
 * memory stays bounded. A failing observer is logged and given the next batch.
 */
export class ObserverRunner {
  private readonly queue: WrittenBatch[] = [];
  private running: Promise<void> | null = null;
  private readonly counts = { completed: 0, failed: 0, dropped: 0 };

  constructor(
    readonly observer: TelemetryObserver,
    private readonly queueLimit: number,
    private readonly log: IngestLog,
  ) {}

  enqueue(batch: WrittenBatch): void {
    if (this.queue.length >= this.queueLimit) {
      // The first drop of a run and then one in a thousand: a stuck observer must not flood the log.
      if (this.counts.dropped++ % 1000 === 0) {
        this.log.warn('telemetry observer is behind; batches skipped', { observer: this.observer.name, queued: this.queue.length, dropped: this.counts.dropped });
      }
      return;
    }
    this.queue.push(batch);
    this.running ??= this.run();
  }

  stats(): ObserverStats {
    return { queued: this.queue.length, ...this.counts };
  }

  /** Resolves once every queued batch has been observed. */
  async drain(): Promise<void> {
    while (this.running) await this.running;
  }

  private async run(): Promise<void> {
    // Started on a later turn: the caller's acknowledgement never waits for observer code.
    await Promise.resolve();
    for (let batch = this.queue.shift(); batch !== undefined; batch = this.queue.shift()) {
      try {
        await this.observer.observe(batch);
        this.counts.completed++;
      } catch (error) {
        this.counts.failed++;
        this.log.error('telemetry observer failed; the points are stored', { observer: this.observer.name, tenantId: batch.tenantId, error: errorMessage(error) });
      }
    }
    this.running = null;
  }
}

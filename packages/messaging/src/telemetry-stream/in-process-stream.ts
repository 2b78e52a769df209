import type { WrittenBatch } from '@facilflow/contracts';
import { errorMessage, type MessagingLog } from '../log.ts';
import { runConsumerLoop, type ConsumerCounts } from './consumer-loop.ts';
import { SpillSegments } from './spill-segments.ts';
import { TenantProgress } from './tenant-progress.ts';
import type { ConsumeOptions, ConsumerLag, ConsumerTenantLag, StreamConsumer, Subscription, WrittenTelemetryStream } from './written-telemetry-stream.ts';

export interface InProcessStreamOptions {
  /** Where batches go when a consumer lags past memory (emptied at start). */
  spillDir: string;
  /** Points held in memory before the oldest batches spill to disk (default 500,000, roughly 100 MB). */
  maxMemoryPoints?: number;
  /** Disk for spilled batches (default 2 GiB); past it the oldest are dropped and counted as skipped. */
  maxSpillBytes?: number;
  log: MessagingLog;
  now?: () => number;
}

interface Cursor {
  /** The next sequence number this consumer reads. */
  nextSeq: number;
  counts: ConsumerCounts;
  wake: (() => void) | null;
  subscribed: boolean;
}

/**
 * The embedded default: one process, batches held by reference in memory (no copy, no
 * encoding on the acknowledgement path), spilled to disk only when a consumer lags.
 * Positions last as long as the process: on a restart consumers begin with new batches
 * (what was stored is in the time-series store regardless).
 */
export class InProcessWrittenTelemetryStream implements WrittenTelemetryStream {
  readonly kind = 'in-process';
  private readonly memory: WrittenBatch[] = [];
  private memoryFirstSeq = 1;
  private memoryPoints = 0;
  private nextSeq = 1;
  private readonly cursors = new Map<string, Cursor>();
  private readonly appendedAt = new Map<number, number>();
  private readonly progress = new TenantProgress();
  private readonly spill: SpillSegments;
  private readonly maxMemoryPoints: number;
  private readonly now: () => number;

  constructor(private readonly options: InProcessStreamOptions) {
    this.maxMemoryPoints = options.maxMemoryPoints ?? 500_000;
    this.now = options.now ?? Date.now;
    this.spill = new SpillSegments(options.spillDir, options.maxSpillBytes ?? 2 * 1024 ** 3, (error) =>
      options.log.error('written-telemetry spill file failed', { error: errorMessage(error) }),
    );
  }

  append(batch: WrittenBatch): Promise<void> {
    // Nobody to hold it for: a stream without consumers keeps nothing.
    if (this.cursors.size === 0) return Promise.resolve();
    this.memory.push(batch);
    this.memoryPoints += batch.points.length;
    this.appendedAt.set(this.nextSeq, this.now());
    this.nextSeq++;
    this.progress.noteAppended(batch);
    this.release();
    if (this.memoryPoints > this.maxMemoryPoints) this.spillOldest();
    for (const cursor of this.cursors.values()) cursor.wake?.();
    return Promise.resolve();
  }

  register(consumerName: string): Promise<void> {
    if (!this.cursors.has(consumerName)) {
      this.cursors.set(consumerName, { nextSeq: this.nextSeq, counts: { processed: 0, failed: 0 }, wake: null, subscribed: false });
    }
    return Promise.resolve();
  }

  subscribe(consumer: StreamConsumer, options: ConsumeOptions = {}): Subscription {
    void this.register(consumer.name);
    const cursor = this.cursors.get(consumer.name);
    if (!cursor) throw new Error(`consumer ${consumer.name} is not registered`);
    if (cursor.subscribed) throw new Error(`consumer ${consumer.name} is already subscribed`);
    cursor.subscribed = true;
    const loop = runConsumerLoop({
      consumer,
      counts: cursor.counts,
      checkpointIntervalMs: options.checkpointIntervalMs ?? 1000,
      log: this.options.log,
      now: this.now,
      next: async (stopped, idle) => {
        for (;;) {
          if (stopped.aborted) return null;
          if (cursor.nextSeq < this.nextSeq) {
            const seq = cursor.nextSeq;
            const batch = await this.read(seq, consumer.name);
            cursor.nextSeq = Math.max(cursor.nextSeq, seq + 1);
            if (batch) return { batch, done: () => this.noteObserved(consumer.name, batch) };
            continue;
          }
          // Dry: checkpoint if one is due, and wait for a batch no longer than until the next one is.
          const checkpointDueIn = await idle();
          if (cursor.nextSeq < this.nextSeq) continue;
          await new Promise<void>((resolve) => {
            let timer: NodeJS.Timeout | undefined;
            const wake = () => {
              clearTimeout(timer);
              stopped.removeEventListener('abort', wake);
              cursor.wake = null;
              resolve();
            };
            cursor.wake = wake;
            stopped.addEventListener('abort', wake);
            if (checkpointDueIn !== null) timer = setTimeout(wake, checkpointDueIn);
          });
        }
      },
      acknowledge: () => {
        this.release();
        return Promise.resolve();
      },
    });
    return {
      stop: async () => {
        await loop.stop();
        cursor.subscribed = false;
      },
    };
  }

  lag(): Promise<ConsumerLag[]> {
    return Promise.resolve(
      [...this.cursors.entries()].map(([consumer, cursor]) => {
        const waitingSince = this.appendedAt.get(cursor.nextSeq);
        return {
          consumer,
          lagBatches: this.nextSeq - cursor.nextSeq,
          lagSeconds: waitingSince === undefined ? 0 : Math.max(0, this.now() - waitingSince) / 1000,
          processedBatches: cursor.counts.processed,
          failedBatches: cursor.counts.failed,
          skippedBatches: cursor.counts.skipped ?? 0,
        };
      }),
    );
  }

  tenantLag(tenantId: string): Promise<ConsumerTenantLag[]> {
    return Promise.resolve(this.progress.lagOf([...this.cursors.keys()], tenantId));
  }

  async close(): Promise<void> {
    for (const cursor of this.cursors.values()) cursor.wake?.();
    await this.spill.close();
  }

  private noteObserved(consumer: string, batch: WrittenBatch): void {
    this.progress.noteObserved(consumer, batch, 'processed', this.now());
  }

  private async read(seq: number, consumer: string): Promise<WrittenBatch | null> {
    if (seq >= this.memoryFirstSeq) return this.memory[seq - this.memoryFirstSeq] ?? null;
    const batch = await this.spill.read(seq);
    if (batch) return batch;
    // Dropped from disk past its bound before this consumer reached it.
    const cursor = this.cursors.get(consumer);
    if (cursor) cursor.counts.skipped = (cursor.counts.skipped ?? 0) + 1;
    return null;
  }

  /** Forgets what every consumer has read. */
  private release(): void {
    let slowest = this.nextSeq;
    for (const cursor of this.cursors.values()) slowest = Math.min(slowest, cursor.nextSeq);
    this.spill.releaseBefore(slowest);
    while (this.memoryFirstSeq < slowest && this.memory.length > 0) {
      const batch = this.memory.shift();
      if (batch) this.memoryPoints -= batch.points.length;
      this.appendedAt.delete(this.memoryFirstSeq);
      this.memoryFirstSeq++;
    }
    for (const seq of this.appendedAt.keys()) {
      if (seq >= slowest) break;
      this.appendedAt.delete(seq);
    }
  }

  private spillOldest(): void {
    // Half of memory at once: one file per spill, not one per batch.
    let points = 0;
    let count = 0;
    while (count < this.memory.length && points < this.maxMemoryPoints / 2) points += this.memory[count++]?.points.length ?? 0;
    const batches = this.memory.splice(0, count);
    const firstSeq = this.memoryFirstSeq;
    this.memoryFirstSeq += count;
    this.memoryPoints -= points;
    for (const dropped of this.spill.spill(firstSeq, batches)) {
      for (const [consumer, cursor] of this.cursors) {
        if (cursor.nextSeq >= dropped.endSeq) continue;
        for (let seq = Math.max(cursor.nextSeq, dropped.firstSeq); seq < dropped.endSeq; seq++) {
          const entry = dropped.index[seq - dropped.firstSeq];
          if (entry) this.progress.noteSkipped(consumer, entry.tenantId, entry.receivedAt);
        }
        cursor.counts.skipped = (cursor.counts.skipped ?? 0) + (dropped.endSeq - Math.max(cursor.nextSeq, dropped.firstSeq));
        cursor.nextSeq = dropped.endSeq;
      }
    }
  }
}

import type { WrittenBatch } from '@facilflow/contracts';
import type { ConsumerTenantLag } from './written-telemetry-stream.ts';

interface Appended {
  count: number;
  firstReceivedAt: number;
  lastReceivedAt: number;
}

interface Observed {
  processed: number;
  skipped: number;
  lastReceivedAt: number;
  lastProcessedAt: number | null;
}

/**
 * Per-tenant counts behind `tenantLag`: a tenant sees how far each consumer is behind on
 * its own batches, not on everyone's. Memory is one small record per (tenant, consumer).
 */
export class TenantProgress {
  private readonly appended = new Map<string, Appended>();
  private readonly observed = new Map<string, Map<string, Observed>>();

  noteAppended(batch: WrittenBatch): void {
    const entry = this.appended.get(batch.tenantId) ?? { count: 0, firstReceivedAt: batch.receivedAt.getTime(), lastReceivedAt: 0 };
    entry.count++;
    entry.lastReceivedAt = Math.max(entry.lastReceivedAt, batch.receivedAt.getTime());
    this.appended.set(batch.tenantId, entry);
  }

  noteObserved(consumer: string, batch: WrittenBatch, outcome: 'processed' | 'skipped', now: number): void {
    const entry = this.entryFor(consumer, batch.tenantId);
    if (outcome === 'skipped') entry.skipped++;
    else entry.processed++;
    entry.lastReceivedAt = Math.max(entry.lastReceivedAt, batch.receivedAt.getTime());
    entry.lastProcessedAt = now;
  }

  /** Batches the stream dropped before a consumer read them (their tenants are known from the dropped entries). */
  noteSkipped(consumer: string, tenantId: string, receivedAt: number): void {
    const entry = this.entryFor(consumer, tenantId);
    entry.skipped++;
    entry.lastReceivedAt = Math.max(entry.lastReceivedAt, receivedAt);
  }

  lagOf(consumers: readonly string[], tenantId: string): ConsumerTenantLag[] {
    const appended = this.appended.get(tenantId) ?? { count: 0, firstReceivedAt: 0, lastReceivedAt: 0 };
    return consumers.map((consumer) => {
      const observed = this.observed.get(consumer)?.get(tenantId) ?? { processed: 0, skipped: 0, lastReceivedAt: 0, lastProcessedAt: null };
      const lagBatches = Math.max(0, appended.count - observed.processed - observed.skipped);
      return {
        consumer,
        lagBatches,
        lagSeconds: tenantLagSeconds(lagBatches, appended.firstReceivedAt, appended.lastReceivedAt, observed.lastReceivedAt),
        processedBatches: observed.processed,
        skippedBatches: observed.skipped,
        lastProcessedAt: observed.lastProcessedAt === null ? null : new Date(observed.lastProcessedAt),
      };
    });
  }

  private entryFor(consumer: string, tenantId: string): Observed {
    let byTenant = this.observed.get(consumer);
    if (!byTenant) this.observed.set(consumer, (byTenant = new Map()));
    let entry = byTenant.get(tenantId);
    if (!entry) byTenant.set(tenantId, (entry = { processed: 0, skipped: 0, lastReceivedAt: 0, lastProcessedAt: null }));
    return entry;
  }
}

/** Received-time distance from the newest batch the consumer observed (or the tenant's first batch) to the newest appended. */
export function tenantLagSeconds(lagBatches: number, firstAppendedAt: number, lastAppendedAt: number, lastObservedAt: number): number {
  if (lagBatches === 0) return 0;
  return Math.max(0, lastAppendedAt - (lastObservedAt > 0 ? lastObservedAt : firstAppendedAt)) / 1000;
}

import { FacilFlowError } from '@facilflow/contracts';
import type { QueryLimits } from './time-series-store.ts';

interface Waiter {
  admit: () => void;
}

interface TenantSlots {
  running: number;
  waiting: Waiter[];
}

/**
 * Per-tenant read slots. A tenant runs at most `maxConcurrentQueries` reads at once and
 * queues at most `maxQueuedQueries` more, so one tenant's burst of heavy queries can hold
 * neither every connection nor an unbounded pile of waiting calls. A slot is held until the
 * read has really stopped in the database, not merely until its caller gave up.
 */
export class TenantQueryGate {
  private readonly tenants = new Map<string, TenantSlots>();

  constructor(private readonly limits: Pick<QueryLimits, 'maxConcurrentQueries' | 'maxQueuedQueries'>) {
    if (!Number.isSafeInteger(limits.maxConcurrentQueries) || limits.maxConcurrentQueries < 1) {
      throw new FacilFlowError('INVALID', 'maxConcurrentQueries must be a positive integer');
    }
    if (!Number.isSafeInteger(limits.maxQueuedQueries) || limits.maxQueuedQueries < 0) {
      throw new FacilFlowError('INVALID', 'maxQueuedQueries must be a non-negative integer');
    }
  }

  /**
   * Resolves with the function that frees the slot. Rejects with UNAVAILABLE when the
   * tenant's queue is full, or with the signal's reason when it fires while waiting.
   */
  acquire(tenantId: string, signal: AbortSignal): Promise<() => void> {
    if (signal.aborted) return Promise.reject(signal.reason);
    const slots = this.slotsOf(tenantId);
    if (slots.running < this.limits.maxConcurrentQueries) {
      slots.running++;
      return Promise.resolve(this.releaser(tenantId, slots));
    }
    if (slots.waiting.length >= this.limits.maxQueuedQueries) {
      return Promise.reject(
        new FacilFlowError(
          'UNAVAILABLE',
          `Too many concurrent queries for this tenant: ${slots.running} running and ${slots.waiting.length} waiting ` +
            `(the limit is ${this.limits.maxConcurrentQueries} at once). Try again when one has finished.`,
          { limit: 'concurrency', maxConcurrentQueries: this.limits.maxConcurrentQueries },
        ),
      );
    }
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        slots.waiting.splice(slots.waiting.indexOf(waiter), 1);
        this.forgetIfUnused(tenantId, slots);
        reject(signal.reason);
      };
      const waiter: Waiter = {
        admit: () => {
          signal.removeEventListener('abort', onAbort);
          resolve(this.releaser(tenantId, slots));
        },
      };
      slots.waiting.push(waiter);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Reads of the tenant holding a slot now. */
  running(tenantId: string): number {
    return this.tenants.get(tenantId)?.running ?? 0;
  }

  private releaser(tenantId: string, slots: TenantSlots): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      // The slot passes straight to the next waiter, so `running` never dips below the limit
      // while calls wait and a newcomer cannot overtake them.
      const next = slots.waiting.shift();
      if (next !== undefined) next.admit();
      else {
        slots.running--;
        this.forgetIfUnused(tenantId, slots);
      }
    };
  }

  private slotsOf(tenantId: string): TenantSlots {
    let slots = this.tenants.get(tenantId);
    if (slots === undefined) {
      slots = { running: 0, waiting: [] };
      this.tenants.set(tenantId, slots);
    }
    return slots;
  }

  private forgetIfUnused(tenantId: string, slots: TenantSlots): void {
    if (slots.running === 0 && slots.waiting.length === 0 && this.tenants.get(tenantId) === slots) this.tenants.delete(tenantId);
  }
}

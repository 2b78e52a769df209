import { and, asc, eq, inArray, isNull, lte, or, schema, lt } from '@facilflow/db';
import type { Services } from '../services.ts';
import { DEFAULT_RETRY_POLICY, retryDelayMs, type RetryPolicy } from './backoff.ts';
import { sendDelivery, type DeliveryRow } from './send-delivery.ts';

/** How long a claimed delivery is this dispatcher's: past it (a process died mid-send), another one takes it over. */
const CLAIM_MS = 2 * 60_000;
const BATCH = 20;

export interface DispatchOptions {
  retry?: RetryPolicy;
  random?: () => number;
}

/**
 * Sends the deliveries that are due, across tenants, until none is left: claims a batch (rows
 * another dispatcher holds are skipped), sends each, and records the attempt: delivered, due
 * again after a backoff, or failed once the attempts are used up or the failure is final.
 * Returns how many attempts it made.
 */
export async function dispatchDue(services: Services, options: DispatchOptions = {}): Promise<number> {
  let attempts = 0;
  for (;;) {
    const claimed = await claimDue(services);
    if (claimed.length === 0) return attempts;
    for (const delivery of claimed) {
      await attempt(services, delivery, options);
      attempts++;
    }
  }
}

async function claimDue(services: Services): Promise<DeliveryRow[]> {
  const now = services.now();
  const table = schema.notificationDeliveries;
  return services.db.withSystem('notification dispatcher: claim due deliveries in every tenant', async (tx) => {
    const due = await tx
      .select({ id: table.id })
      .from(table)
      .where(and(eq(table.status, 'pending'), lte(table.nextAttemptAt, now), or(isNull(table.claimedUntil), lt(table.claimedUntil, now))))
      .orderBy(asc(table.nextAttemptAt))
      .limit(BATCH)
      .for('update', { skipLocked: true });
    if (due.length === 0) return [];
    return tx
      .update(table)
      .set({ claimedUntil: new Date(now.getTime() + CLAIM_MS) })
      .where(inArray(table.id, due.map((row) => row.id)))
      .returning();
  });
}

async function attempt(services: Services, delivery: DeliveryRow, options: DispatchOptions): Promise<void> {
  const retry = options.retry ?? DEFAULT_RETRY_POLICY;
  const result = await sendDelivery(services, delivery);
  const now = services.now();
  const attempts = delivery.attempts + 1;
  const final = result.delivered || !result.retryable || attempts >= retry.maxAttempts;
  const table = schema.notificationDeliveries;
  await services.db.withTenant(delivery.tenantId, (tx) =>
    tx
      .update(table)
      .set({
        attempts,
        lastStatusCode: result.statusCode,
        lastError: result.error?.slice(0, 2000) ?? null,
        claimedUntil: null,
        status: result.delivered ? 'delivered' : final ? 'failed' : 'pending',
        deliveredAt: result.delivered ? now : null,
        nextAttemptAt: final ? null : new Date(now.getTime() + retryDelayMs(retry, attempts, options.random)),
      })
      // Only while the claim is still ours: one that ran out belongs to the dispatcher that took it over.
      .where(and(eq(table.tenantId, delivery.tenantId), eq(table.id, delivery.id), eq(table.claimedUntil, delivery.claimedUntil ?? now))),
  );
}

import { and, eq, schema } from '@facilflow/db';
import { StageFailure, type ApprovalDecision } from '@facilflow/pipelines';
import type { Services } from '../services.ts';
import { approvalsChannel, isApprovalDecidedMessage } from './approvals-channel.ts';
import type { ApprovalRow } from './to-approval.ts';

/**
 * The bus carries decisions at most once (a worker reconnecting may miss one), so the row is
 * read again this often anyway; slow, since the bus is the way a decision normally arrives.
 */
export const GATE_FALLBACK_POLL_MS = 30_000;

/**
 * Waits for a person's decision on a gate's approval: read at once (it may have been decided
 * while no worker held the run), then again whenever the approvals channel names it, or after
 * the fallback poll, or at its expiry. Rejects with the signal's reason when it aborts.
 */
export async function waitForGateDecision(services: Services, tenantId: string, approvalId: string, signal: AbortSignal): Promise<ApprovalDecision> {
  const wakeup = new Wakeup();
  // Subscribed before the first read, so a decision between the two is not missed.
  const unsubscribe = await services.bus.subscribe(approvalsChannel(tenantId), (message) => {
    if (isApprovalDecidedMessage(message) && message.approvalId === approvalId) wakeup.notify();
  });
  try {
    for (;;) {
      signal.throwIfAborted();
      const row = await readApproval(services, tenantId, approvalId);
      if (!row) throw new StageFailure(`approval ${approvalId} no longer exists`, { code: 'approval_missing', retryable: false });
      const decision = decisionOf(row, approvalId);
      if (decision) return decision;
      const left = row.expiresAt.getTime() - services.now().getTime();
      if (left <= 0) {
        await expire(services, tenantId, approvalId);
        throw expiredFailure(approvalId);
      }
      await wakeup.wait(Math.min(GATE_FALLBACK_POLL_MS, left), signal);
    }
  } finally {
    await unsubscribe();
  }
}

function decisionOf(row: ApprovalRow, approvalId: string): ApprovalDecision | null {
  switch (row.status) {
    case 'pending':
      return null;
    case 'approved':
    case 'applied':
      return { approved: true, decidedBy: row.decidedBy, reason: row.reason };
    case 'rejected':
      return { approved: false, decidedBy: row.decidedBy, reason: row.reason };
    default:
      throw expiredFailure(approvalId);
  }
}

function expiredFailure(approvalId: string): StageFailure {
  return new StageFailure(`approval ${approvalId} expired before anyone decided it`, { code: 'approval_expired', retryable: false });
}

async function readApproval(services: Services, tenantId: string, id: string): Promise<ApprovalRow | undefined> {
  const a = schema.approvals;
  const [row] = await services.db.withTenant(tenantId, (tx) => tx.select().from(a).where(and(eq(a.tenantId, tenantId), eq(a.id, id))).limit(1));
  return row;
}

async function expire(services: Services, tenantId: string, id: string): Promise<void> {
  const a = schema.approvals;
  await services.db.withTenant(tenantId, (tx) => tx.update(a).set({ status: 'expired' }).where(and(eq(a.tenantId, tenantId), eq(a.id, id), eq(a.status, 'pending'))));
}

/** A notification that is kept until the next wait when it comes while nobody waits. */
class Wakeup {
  private pending = false;
  private resolve: (() => void) | null = null;

  notify(): void {
    this.pending = true;
    this.resolve?.();
  }

  wait(ms: number, signal: AbortSignal): Promise<void> {
    if (this.pending) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const finish = (): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        this.resolve = null;
        this.pending = false;
      };
      const onAbort = (): void => {
        finish();
        reject(signal.reason);
      };
      const timer = setTimeout(() => {
        finish();
        resolve();
      }, ms);
      this.resolve = () => {
        finish();
        resolve();
      };
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }
}

import type { AuditRecord, PolicyMark } from '@facilflow/contracts';
import { and, eq, schema } from '@facilflow/db';
import { newSortableId } from '../ids.ts';
import type { Services } from '../services.ts';
import { auditInputFacts } from './audit-input.ts';

/** A record as the caller knows it: `input` is whatever was sent, bounded and digested here. */
export type NewAuditRecord = Omit<AuditRecord, 'id' | 'at' | 'input' | 'inputDigest' | 'inputTruncated' | 'conversationId' | 'policy'> & {
  at: Date;
  input: unknown;
  conversationId?: string | null;
  /** The policy that decided the call, when one matched. */
  policy?: PolicyMark | null;
};

/** Appends one record and returns its id. */
export async function appendAuditRecord(services: Services, record: NewAuditRecord): Promise<string> {
  const id = newSortableId(record.at);
  const input = auditInputFacts(record.input);
  await services.db.withTenant(record.tenantId, (tx) =>
    tx.insert(schema.auditLog).values({
      id,
      tenantId: record.tenantId,
      at: record.at,
      actorType: record.actorType,
      actorId: record.actorId,
      actorLabel: record.actorLabel,
      front: record.front,
      conversationId: record.conversationId ?? null,
      operation: record.operation,
      effect: record.effect,
      input: input.summary,
      inputDigest: input.digest,
      inputTruncated: input.truncated,
      outcome: record.outcome,
      errorCode: record.errorCode,
      durationMs: record.durationMs,
      policy: record.policy ?? null,
    }),
  );
  return id;
}

export type PendingAuditRecord = Omit<NewAuditRecord, 'outcome' | 'errorCode' | 'durationMs'>;

/**
 * Records a write before its effect. Until completed the record says `pending`; a process
 * that dies in between leaves it so, which reads "may have happened", never "nothing happened".
 */
export function recordPendingAudit(services: Services, record: PendingAuditRecord): Promise<string> {
  return appendAuditRecord(services, { ...record, outcome: 'pending', errorCode: null, durationMs: 0 });
}

export interface AuditCompletion {
  tenantId: string;
  id: string;
  outcome: Exclude<AuditRecord['outcome'], 'pending'>;
  errorCode: AuditRecord['errorCode'];
  durationMs: number;
}

/** Completes a pending record, once; false when there was no pending record with that id. */
export async function completeAuditRecord(services: Services, completion: AuditCompletion): Promise<boolean> {
  const log = schema.auditLog;
  const rows = await services.db.withTenant(completion.tenantId, (tx) =>
    tx
      .update(log)
      .set({ outcome: completion.outcome, errorCode: completion.errorCode, durationMs: completion.durationMs })
      .where(and(eq(log.id, completion.id), eq(log.outcome, 'pending')))
      .returning({ id: log.id }),
  );
  return rows.length === 1;
}

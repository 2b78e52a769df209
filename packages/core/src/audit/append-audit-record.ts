import type { AuditRecord } from '@facilflow/contracts';
import { schema } from '@facilflow/db';
import { newSortableId } from '../ids.ts';
import type { Services } from '../services.ts';

export type NewAuditRecord = Omit<AuditRecord, 'id' | 'at'> & { at: Date };

export async function appendAuditRecord(services: Services, record: NewAuditRecord): Promise<void> {
  await services.db.withTenant(record.tenantId, (tx) =>
    tx.insert(schema.auditLog).values({
      id: newSortableId(record.at),
      tenantId: record.tenantId,
      at: record.at,
      actorType: record.actorType,
      actorId: record.actorId,
      actorLabel: record.actorLabel,
      front: record.front,
      operation: record.operation,
      effect: record.effect,
      input: record.input,
      outcome: record.outcome,
      errorCode: record.errorCode,
      durationMs: record.durationMs,
    }),
  );
}

import { FacilFlowError, type Silence, type TenantScope } from '@facilflow/contracts';
import { and, eq, schema } from '@facilflow/db';
import type { Services } from '../../services.ts';
import { toSilence } from './to-silence.ts';

/** Ends a silence now (an already ended one stays as it was); notifications of its alerts resume. */
export async function expireSilence(services: Services, scope: TenantScope, id: string): Promise<Silence> {
  const now = services.now();
  const table = schema.notificationSilences;
  return services.db.withTenant(scope.tenantId, async (tx) => {
    const [row] = await tx.select().from(table).where(and(eq(table.tenantId, scope.tenantId), eq(table.id, id)));
    if (!row) throw new FacilFlowError('NOT_FOUND', `No silence ${id}`);
    if (row.endsAt <= now) return toSilence(row, now);
    const startsAt = row.startsAt > now ? now : row.startsAt;
    const [updated] = await tx.update(table).set({ endsAt: now, startsAt }).where(and(eq(table.tenantId, scope.tenantId), eq(table.id, id))).returning();
    return toSilence(updated ?? row, now);
  });
}

import type { Silence, TenantScope } from '@facilflow/contracts';
import { and, desc, eq, gt, schema } from '@facilflow/db';
import type { Services } from '../../services.ts';
import { toSilence } from './to-silence.ts';

export async function listSilences(services: Services, scope: TenantScope, input: { includeExpired: boolean }): Promise<Silence[]> {
  const now = services.now();
  const table = schema.notificationSilences;
  const rows = await services.db.withTenant(scope.tenantId, (tx) =>
    tx
      .select()
      .from(table)
      .where(input.includeExpired ? eq(table.tenantId, scope.tenantId) : and(eq(table.tenantId, scope.tenantId), gt(table.endsAt, now)))
      .orderBy(desc(table.createdAt))
      .limit(500),
  );
  return rows.map((row) => toSilence(row, now));
}

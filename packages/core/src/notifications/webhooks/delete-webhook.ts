import { FacilFlowError, type TenantScope } from '@facilflow/contracts';
import { and, eq, schema } from '@facilflow/db';
import type { Services } from '../../services.ts';

const byId = (tenantId: string, id: string) => and(eq(schema.webhookSubscriptions.tenantId, tenantId), eq(schema.webhookSubscriptions.id, id));

export async function planDeleteWebhook(services: Services, scope: TenantScope, id: string): Promise<string> {
  const [row] = await services.db.withTenant(scope.tenantId, (tx) => tx.select().from(schema.webhookSubscriptions).where(byId(scope.tenantId, id)));
  if (!row) throw new FacilFlowError('NOT_FOUND', `No webhook ${id}`);
  return `Delete the webhook "${row.name}" (${row.url}); it stops receiving ${row.events.join(', ')} and its pending deliveries fail.`;
}

export async function deleteWebhook(services: Services, scope: TenantScope, id: string): Promise<{ deleted: boolean }> {
  const rows = await services.db.withTenant(scope.tenantId, (tx) => tx.delete(schema.webhookSubscriptions).where(byId(scope.tenantId, id)).returning({ id: schema.webhookSubscriptions.id }));
  if (rows.length === 0) throw new FacilFlowError('NOT_FOUND', `No webhook ${id}`);
  return { deleted: true };
}

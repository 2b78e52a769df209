import { FacilFlowError, type TenantScope } from '@facilflow/contracts';
import { and, eq, schema } from '@facilflow/db';
import type { Services } from '../../services.ts';

const byId = (tenantId: string, id: string) => and(eq(schema.maintenanceWindows.tenantId, tenantId), eq(schema.maintenanceWindows.id, id));

export async function planDeleteMaintenanceWindow(services: Services, scope: TenantScope, id: string): Promise<string> {
  const [row] = await services.db.withTenant(scope.tenantId, (tx) => tx.select().from(schema.maintenanceWindows).where(byId(scope.tenantId, id)));
  if (!row) throw new FacilFlowError('NOT_FOUND', `No maintenance window ${id}`);
  return `Delete the maintenance window "${row.name}" (${id}); the alerts it mutes are notified again.`;
}

export async function deleteMaintenanceWindow(services: Services, scope: TenantScope, id: string): Promise<{ deleted: boolean }> {
  const rows = await services.db.withTenant(scope.tenantId, (tx) => tx.delete(schema.maintenanceWindows).where(byId(scope.tenantId, id)).returning({ id: schema.maintenanceWindows.id }));
  if (rows.length === 0) throw new FacilFlowError('NOT_FOUND', `No maintenance window ${id}`);
  return { deleted: true };
}

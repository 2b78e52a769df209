import type { MaintenanceWindow, TenantScope } from '@facilflow/contracts';
import { asc, eq, schema } from '@facilflow/db';
import type { Services } from '../../services.ts';
import { toMaintenanceWindow } from './to-maintenance-window.ts';

export async function listMaintenanceWindows(services: Services, scope: TenantScope): Promise<MaintenanceWindow[]> {
  const rows = await services.db.withTenant(scope.tenantId, (tx) =>
    tx.select().from(schema.maintenanceWindows).where(eq(schema.maintenanceWindows.tenantId, scope.tenantId)).orderBy(asc(schema.maintenanceWindows.createdAt)),
  );
  return rows.map(toMaintenanceWindow);
}

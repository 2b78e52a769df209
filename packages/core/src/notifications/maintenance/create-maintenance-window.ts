import { actorId, FacilFlowError, type AlertMatcher, type MaintenanceSchedule, type MaintenanceWindow, type TenantScope } from '@facilflow/contracts';
import { schema } from '@facilflow/db';
import { newId } from '../../ids.ts';
import type { Services } from '../../services.ts';
import { toMaintenanceWindow } from './to-maintenance-window.ts';

export async function createMaintenanceWindow(services: Services, scope: TenantScope, input: { name: string; matcher: AlertMatcher; schedule: MaintenanceSchedule }): Promise<MaintenanceWindow> {
  if (input.schedule.kind === 'once' && Date.parse(input.schedule.endsAt) <= Date.parse(input.schedule.startsAt)) {
    throw new FacilFlowError('INVALID', 'A maintenance window must end after it starts');
  }
  const [row] = await services.db.withTenant(scope.tenantId, (tx) =>
    tx
      .insert(schema.maintenanceWindows)
      .values({ id: newId('mnt'), tenantId: scope.tenantId, name: input.name, matcher: input.matcher, schedule: input.schedule, createdBy: actorId(scope.actor), createdAt: services.now() })
      .returning(),
  );
  if (!row) throw new Error('The maintenance window insert returned no row');
  return toMaintenanceWindow(row);
}

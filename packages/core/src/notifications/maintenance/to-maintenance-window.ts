import { alertMatcherSchema, maintenanceScheduleSchema, type MaintenanceWindow } from '@facilflow/contracts';
import type { schema } from '@facilflow/db';

export function toMaintenanceWindow(row: typeof schema.maintenanceWindows.$inferSelect): MaintenanceWindow {
  return {
    id: row.id,
    name: row.name,
    matcher: alertMatcherSchema.parse(row.matcher),
    schedule: maintenanceScheduleSchema.parse(row.schedule),
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
  };
}

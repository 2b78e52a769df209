import { alertMatcherSchema, maintenanceScheduleSchema, type AlertNotice } from '@facilflow/contracts';
import { and, eq, gt, lte, schema, type Tx } from '@facilflow/db';
import { matchesAlert } from './alert-matcher.ts';
import { maintenanceOpenAt } from './maintenance-schedule.ts';

/**
 * What mutes an alert's notifications at an instant: an active silence or an open maintenance
 * window that matches it (null when nothing does). The alert itself is untouched: it is stored,
 * shown and relayed live; only channels are not told.
 */
export async function mutedBy(tx: Tx, notice: AlertNotice, at: Date): Promise<string | null> {
  const silences = await tx
    .select()
    .from(schema.notificationSilences)
    .where(and(eq(schema.notificationSilences.tenantId, notice.tenantId), lte(schema.notificationSilences.startsAt, at), gt(schema.notificationSilences.endsAt, at)));
  const silence = silences.find((row) => matchesAlert(alertMatcherSchema.parse(row.matcher), notice));
  if (silence) return `silence ${silence.id}`;
  const windows = await tx.select().from(schema.maintenanceWindows).where(eq(schema.maintenanceWindows.tenantId, notice.tenantId));
  const open = windows.find((row) => matchesAlert(alertMatcherSchema.parse(row.matcher), notice) && maintenanceOpenAt(maintenanceScheduleSchema.parse(row.schedule), at));
  return open ? `maintenance window ${open.id}` : null;
}

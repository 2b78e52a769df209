import type { Alert, AlertTransitionRecord, TenantScope } from '@facilflow/contracts';
import { asc, eq, schema } from '@facilflow/db';
import type { Services } from '../services.ts';
import { findAlertRow } from './alert-store.ts';
import { toAlert, toTransitionRecord } from './to-alert.ts';

/** The alert and its whole history, oldest transition first. */
export async function getAlert(services: Pick<Services, 'db'>, scope: TenantScope, id: string): Promise<{ alert: Alert; transitions: AlertTransitionRecord[] }> {
  return services.db.withTenant(scope.tenantId, async (tx) => {
    const row = await findAlertRow(tx, id);
    const transitions = await tx.select().from(schema.alertTransitions).where(eq(schema.alertTransitions.alertId, id)).orderBy(asc(schema.alertTransitions.at), asc(schema.alertTransitions.id));
    return { alert: toAlert(row), transitions: transitions.map(toTransitionRecord) };
  });
}

import type { Alert, AlertSeverity, AlertState, TenantScope } from '@facilflow/contracts';
import { and, desc, eq, ne, schema, type SQL } from '@facilflow/db';
import { afterTimeCursor, timePage } from '../paging/time-cursor.ts';
import type { Services } from '../services.ts';
import { toAlert } from './to-alert.ts';

const alerts = schema.alerts;

export interface ListAlertsInput {
  state: AlertState | 'open';
  severity?: AlertSeverity | undefined;
  ruleId?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

/** Newest fired first, paged by (firedAt, id). */
export async function listAlerts(services: Pick<Services, 'db'>, scope: TenantScope, input: ListAlertsInput): Promise<{ alerts: Alert[]; nextCursor: string | null }> {
  const filters: Array<SQL | undefined> = [input.state === 'open' ? ne(alerts.state, 'resolved') : eq(alerts.state, input.state)];
  if (input.severity) filters.push(eq(alerts.severity, input.severity));
  if (input.ruleId) filters.push(eq(alerts.ruleId, input.ruleId));
  if (input.cursor) filters.push(afterTimeCursor(alerts.firedAt, alerts.id, input.cursor, 'alerts'));
  const rows = await services.db.withTenant(scope.tenantId, (tx) =>
    tx.select().from(alerts).where(and(...filters)).orderBy(desc(alerts.firedAt), desc(alerts.id)).limit(input.limit + 1),
  );
  const { page, nextCursor } = timePage(rows, input.limit, (row) => ({ at: row.firedAt, id: row.id }));
  return { alerts: page.map(toAlert), nextCursor };
}

import { FacilFlowError, type AlertTransition } from '@facilflow/contracts';
import { and, eq, ne, schema, type Tx } from '@facilflow/db';
import { newId, newSortableId } from '../ids.ts';
import type { AlertRow } from './to-alert.ts';

const alerts = schema.alerts;

export interface NewAlert {
  ruleId: string;
  ruleName: string;
  ruleVersion: number;
  severity: string;
  priority: number;
  measurement: string | null;
  field: string | null;
  series: string;
  tags: Record<string, string>;
  labels: Record<string, string>;
  summary: string;
  value: number | null;
  firedAt: Date;
}

export async function recordTransition(
  tx: Tx,
  row: AlertRow,
  transition: AlertTransition,
  at: Date,
  actor: string | null,
  comment: string | null,
): Promise<void> {
  await tx.insert(schema.alertTransitions).values({
    id: newSortableId(at),
    tenantId: row.tenantId,
    alertId: row.id,
    ruleId: row.ruleId,
    series: row.series,
    transition,
    actor,
    comment,
    value: row.value,
    at,
  });
}

/**
 * Opens an alert for (rule, series) unless one is open already: the partial unique index
 * decides, so two engines (or a restart) never open two. Returns the new row, or the open
 * one with `created: false`.
 */
export async function openAlert(tx: Tx, tenantId: string, alert: NewAlert): Promise<{ row: AlertRow; created: boolean }> {
  const [created] = await tx
    .insert(alerts)
    .values({ id: newId('al'), tenantId, state: 'firing', ...alert })
    .onConflictDoNothing()
    .returning();
  if (created) {
    await recordTransition(tx, created, 'triggered', alert.firedAt, null, null);
    return { row: created, created: true };
  }
  const [open] = await tx
    .select()
    .from(alerts)
    .where(and(eq(alerts.ruleId, alert.ruleId), eq(alerts.series, alert.series), ne(alerts.state, 'resolved')))
    .limit(1);
  if (!open) throw new Error(`alert of rule ${alert.ruleId} on "${alert.series}" neither opened nor found open`);
  return { row: open, created: false };
}

/** Resolves an open alert; null when it was resolved already (by a person, or another engine). */
export async function closeAlert(tx: Tx, id: string, at: Date, by: string | null, comment: string | null, value?: number | null): Promise<AlertRow | null> {
  const [row] = await tx
    .update(alerts)
    .set({ state: 'resolved', resolvedAt: at, resolvedBy: by, resolvedComment: comment, ...(value === undefined ? {} : { value }) })
    .where(and(eq(alerts.id, id), ne(alerts.state, 'resolved')))
    .returning();
  if (!row) return null;
  await recordTransition(tx, row, 'resolved', at, by, comment);
  return row;
}

export async function findAlertRow(tx: Tx, id: string): Promise<AlertRow> {
  const [row] = await tx.select().from(alerts).where(eq(alerts.id, id)).limit(1);
  if (!row) throw new FacilFlowError('NOT_FOUND', `Alert ${id} not found`);
  return row;
}

/** What the alert rule operations share: finding a rule, announcing changes, resolving a rule's open alerts. */
import { alertRulesChannel, FacilFlowError } from '@facilflow/contracts';
import { and, eq, hasPgCode, ne, schema, UNIQUE_VIOLATION, type Tx } from '@facilflow/db';
import type { Services } from '../services.ts';
import { closeAlert } from './alert-store.ts';
import { announce } from './announce.ts';
import { noticeOf, type AlertRow } from './to-alert.ts';

export type RuleServices = Pick<Services, 'db' | 'bus' | 'now' | 'alertNotices'>;

const log = (message: string, error?: unknown) => console.error(`[alerts] ${message}`, error ?? '');

export async function findRuleRow(tx: Tx, id: string) {
  const [row] = await tx.select().from(schema.alertRules).where(eq(schema.alertRules.id, id)).limit(1);
  if (!row) throw new FacilFlowError('NOT_FOUND', `Alert rule ${id} not found`);
  return row;
}

export function nameTaken(name: string) {
  return (error: unknown): never => {
    if (hasPgCode(error, UNIQUE_VIOLATION)) throw new FacilFlowError('CONFLICT', `An alert rule named "${name}" exists already`);
    throw error;
  };
}

/** Engines reload the tenant's rules when told; a lost message is caught by their periodic reload. */
export async function rulesChanged(services: RuleServices, tenantId: string): Promise<void> {
  await services.bus.publish(alertRulesChannel(tenantId), { changedAt: services.now().toISOString() }).catch((error: unknown) => log('could not announce a rule change', error));
}

export async function resolveOpenAlertsOfRule(tx: Tx, ruleId: string, at: Date, by: string, comment: string): Promise<AlertRow[]> {
  const open = await tx.select({ id: schema.alerts.id }).from(schema.alerts).where(and(eq(schema.alerts.ruleId, ruleId), ne(schema.alerts.state, 'resolved')));
  const resolved: AlertRow[] = [];
  for (const { id } of open) {
    const row = await closeAlert(tx, id, at, by, comment);
    if (row) resolved.push(row);
  }
  return resolved;
}

export async function announceResolved(services: RuleServices, resolved: readonly AlertRow[], at: Date, by: string, comment: string): Promise<void> {
  for (const row of resolved) await announce(services, noticeOf(row, 'resolved', at, by, comment), log);
}


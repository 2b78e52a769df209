import { FacilFlowError, type Alert, type AlertTransition, type TenantScope } from '@facilflow/contracts';
import type { Tx } from '@facilflow/db';
import type { Services } from '../services.ts';
import { actorName } from './actor-name.ts';
import { findAlertRow, recordTransition } from './alert-store.ts';
import { announce } from './announce.ts';
import { noticeOf, toAlert, type AlertRow } from './to-alert.ts';

export type ActionServices = Pick<Services, 'db' | 'bus' | 'now' | 'alertNotices'>;

const log = (message: string, error?: unknown) => console.error(`[alerts] ${message}`, error ?? '');

/**
 * What acknowledge, shelve and resolve share: find the open alert, apply the change in one
 * transaction with its transition row, then announce it once it is committed.
 */
export async function personAction(
  services: ActionServices,
  scope: TenantScope,
  id: string,
  transition: AlertTransition,
  comment: string | null,
  apply: (tx: Tx, row: AlertRow, at: Date, by: string) => Promise<AlertRow | null>,
): Promise<Alert> {
  const at = services.now();
  const by = actorName(scope);
  const row = await services.db.withTenant(scope.tenantId, async (tx) => {
    const current = await findAlertRow(tx, id);
    if (current.state === 'resolved') throw new FacilFlowError('CONFLICT', `Alert ${id} is resolved already`);
    const changed = await apply(tx, current, at, by);
    if (!changed) throw new FacilFlowError('CONFLICT', `Alert ${id} changed meanwhile; read it again`);
    await recordTransition(tx, changed, transition, at, by, comment);
    return changed;
  });
  await announce(services, noticeOf(row, transition, at, by, comment), log);
  return toAlert(row);
}

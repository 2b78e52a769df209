import { FacilFlowError, MAX_SHELVE_SECONDS, type Alert, type TenantScope } from '@facilflow/contracts';
import { and, eq, ne, schema } from '@facilflow/db';
import { personAction, type ActionServices } from './person-action.ts';

/**
 * A person sets the alert aside for a bounded time (at most 24 h): it is not announced as
 * firing meanwhile and comes back (unshelved) by itself when the time is up; the engine still
 * resolves it when its condition clears.
 */
export async function shelveAlert(services: ActionServices, scope: TenantScope, input: { id: string; durationSeconds: number; reason: string }): Promise<Alert> {
  if (!(input.durationSeconds > 0 && input.durationSeconds <= MAX_SHELVE_SECONDS)) {
    throw new FacilFlowError('INVALID', `Shelve for 1 s to ${MAX_SHELVE_SECONDS} s, not ${input.durationSeconds}`);
  }
  return personAction(services, scope, input.id, 'shelved', input.reason, async (tx, row, at, by) => {
    const until = new Date(at.getTime() + input.durationSeconds * 1000);
    const [changed] = await tx
      .update(schema.alerts)
      .set({ state: 'shelved', shelvedBy: by, shelvedAt: at, shelvedUntil: until, shelvedReason: input.reason })
      .where(and(eq(schema.alerts.id, row.id), ne(schema.alerts.state, 'resolved')))
      .returning();
    return changed ?? null;
  });
}

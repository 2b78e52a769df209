import type { Alert, TenantScope } from '@facilflow/contracts';
import { and, eq, ne, schema } from '@facilflow/db';
import { personAction, type ActionServices } from './person-action.ts';

/**
 * A person closes an alert whose condition is no longer true but that the engine could not
 * resolve (its series went silent, its rule changed). The engine forgets it on the alerts
 * channel; should the condition still hold, the rule raises a new alert.
 */
export async function resolveAlert(services: ActionServices, scope: TenantScope, input: { id: string; comment?: string | undefined }): Promise<Alert> {
  const comment = input.comment ?? null;
  return personAction(services, scope, input.id, 'resolved', comment, async (tx, row, at, by) => {
    const [changed] = await tx
      .update(schema.alerts)
      .set({ state: 'resolved', resolvedAt: at, resolvedBy: by, resolvedComment: comment })
      .where(and(eq(schema.alerts.id, row.id), ne(schema.alerts.state, 'resolved')))
      .returning();
    return changed ?? null;
  });
}

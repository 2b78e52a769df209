import { FacilFlowError, type Alert, type TenantScope } from '@facilflow/contracts';
import { and, eq, schema } from '@facilflow/db';
import { personAction, type ActionServices } from './person-action.ts';

/** A person takes the alert: firing → acknowledged (ISA-18.2 acknowledgement); it stays open until its condition clears. */
export async function acknowledgeAlert(services: ActionServices, scope: TenantScope, input: { id: string; comment?: string | undefined }): Promise<Alert> {
  const comment = input.comment ?? null;
  return personAction(services, scope, input.id, 'acknowledged', comment, async (tx, row, at, by) => {
    if (row.state !== 'firing') throw new FacilFlowError('CONFLICT', `Alert ${input.id} is ${row.state}: only a firing alert is acknowledged`);
    const [changed] = await tx
      .update(schema.alerts)
      .set({ state: 'acknowledged', acknowledgedBy: by, acknowledgedAt: at, acknowledgedComment: comment })
      .where(and(eq(schema.alerts.id, row.id), eq(schema.alerts.state, 'firing')))
      .returning();
    return changed ?? null;
  });
}

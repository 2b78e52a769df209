import { FacilFlowError, type TenantScope } from '@facilflow/contracts';
import { and, eq, schema } from '@facilflow/db';
import type { Services } from '../services.ts';
import { findChannel } from './channel-record.ts';

export async function planDeleteChannel(services: Services, scope: TenantScope, id: string): Promise<string> {
  const channel = await services.db.withTenant(scope.tenantId, (tx) => findChannel(tx, scope.tenantId, id));
  return `Delete the ${channel.kind} channel "${channel.name}" (${id}); policy routes naming it stop sending there and its pending deliveries fail.`;
}

/** Deletes a channel; its delivery log stays, and pending deliveries to it fail when the dispatcher reaches them. */
export async function deleteChannel(services: Services, scope: TenantScope, id: string): Promise<{ deleted: boolean }> {
  const rows = await services.db.withTenant(scope.tenantId, (tx) =>
    tx
      .delete(schema.notificationChannels)
      .where(and(eq(schema.notificationChannels.tenantId, scope.tenantId), eq(schema.notificationChannels.id, id)))
      .returning({ id: schema.notificationChannels.id }),
  );
  if (rows.length === 0) throw new FacilFlowError('NOT_FOUND', `No notification channel ${id}`);
  return { deleted: true };
}

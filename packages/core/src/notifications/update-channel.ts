import { FacilFlowError, type ChannelSettings, type NotificationChannel, type TenantScope } from '@facilflow/contracts';
import { and, eq, schema } from '@facilflow/db';
import type { Services } from '../services.ts';
import { findChannel, storeSettings, toChannel } from './channel-record.ts';
import { newSigningSecret } from './signing.ts';

export interface ChannelUpdate {
  id: string;
  name?: string | undefined;
  enabled?: boolean | undefined;
  settings?: ChannelSettings | undefined;
}

/** Renames, enables or disables a channel, or changes where it points (same kind; secrets left out are kept). */
export async function updateChannel(services: Services, scope: TenantScope, update: ChannelUpdate): Promise<NotificationChannel> {
  return services.db.withTenant(scope.tenantId, async (tx) => {
    const current = await findChannel(tx, scope.tenantId, update.id);
    if (update.settings && update.settings.kind !== current.kind) {
      throw new FacilFlowError('INVALID', `Channel ${update.id} is a ${current.kind} channel: its kind cannot change (create a new channel)`);
    }
    const stored = update.settings ? storeSettings(services, update.settings, newSigningSecret(), current) : null;
    const [row] = await tx
      .update(schema.notificationChannels)
      .set({
        ...(update.name === undefined ? {} : { name: update.name }),
        ...(update.enabled === undefined ? {} : { enabled: update.enabled }),
        ...(stored ? { settings: stored.settings, secret: stored.secret } : {}),
        updatedAt: services.now(),
      })
      .where(and(eq(schema.notificationChannels.tenantId, scope.tenantId), eq(schema.notificationChannels.id, update.id)))
      .returning();
    if (!row) throw new FacilFlowError('NOT_FOUND', `No notification channel ${update.id}`);
    return toChannel(row);
  });
}

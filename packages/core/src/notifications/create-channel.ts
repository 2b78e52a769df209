import type { ChannelSettings, NotificationChannel, TenantScope } from '@facilflow/contracts';
import { schema } from '@facilflow/db';
import { newId } from '../ids.ts';
import type { Services } from '../services.ts';
import { storeSettings, toChannel } from './channel-record.ts';
import { newSigningSecret } from './signing.ts';

/** A new channel; a webhook channel's signing secret is returned this once. */
export async function createChannel(services: Services, scope: TenantScope, input: { name: string; settings: ChannelSettings }): Promise<{ channel: NotificationChannel; signingSecret: string | null }> {
  const stored = storeSettings(services, input.settings, newSigningSecret());
  const now = services.now();
  const [row] = await services.db.withTenant(scope.tenantId, (tx) =>
    tx
      .insert(schema.notificationChannels)
      .values({ id: newId('nch'), tenantId: scope.tenantId, name: input.name, kind: input.settings.kind, settings: stored.settings, secret: stored.secret, enabled: true, createdAt: now, updatedAt: now })
      .returning(),
  );
  if (!row) throw new Error('The channel insert returned no row');
  return { channel: toChannel(row), signingSecret: input.settings.kind === 'webhook' ? stored.secret : null };
}

import { FacilFlowError, type ChannelSettings, type NotificationChannel } from '@facilflow/contracts';
import { and, eq, schema, type Tx } from '@facilflow/db';
import { isAllowedHost } from '../pipeline-runtime/outbound-http.ts';
import type { Services } from '../services.ts';
import { smtpHostAllowed } from './channels/email.ts';

export type ChannelRow = typeof schema.notificationChannels.$inferSelect;

/** What a channel stores in the open, and the one secret it sends with. */
export interface StoredChannel {
  settings: Record<string, unknown>;
  secret: string | null;
}

export function toChannel(row: ChannelRow): NotificationChannel {
  const { kind: _kind, ...target } = row.settings as Record<string, NotificationChannel['target'][string]>;
  return {
    id: row.id,
    name: row.name,
    kind: row.kind as NotificationChannel['kind'],
    enabled: row.enabled,
    target,
    hasSecret: row.secret !== null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

function assertHttpHostAllowed(services: Services, url: string): void {
  const parsed = new URL(url);
  if (!isAllowedHost(parsed, services.outbound.httpHosts)) {
    throw new FacilFlowError('FORBIDDEN', `${parsed.host} is not a host FacilFlow may call: an admin adds it to FACILFLOW_PIPELINE_HTTP_HOSTS`);
  }
}

/**
 * Splits settings into what is stored in the open and the secret. `current` is the channel
 * being updated: a secret the settings leave out (Slack URL, SMTP password) is kept from it;
 * a webhook's signing secret is always kept (it is only ever generated).
 */
export function storeSettings(services: Services, settings: ChannelSettings, newSecret: string, current?: ChannelRow): StoredChannel {
  switch (settings.kind) {
    case 'webhook':
      assertHttpHostAllowed(services, settings.url);
      return { settings: { kind: 'webhook', url: settings.url }, secret: current?.secret ?? newSecret };
    case 'slack': {
      const url = settings.url ?? current?.secret ?? null;
      if (!url) throw new FacilFlowError('INVALID', 'A Slack channel needs its incoming-webhook url');
      assertHttpHostAllowed(services, url);
      return { settings: { kind: 'slack', urlHost: new URL(url).host }, secret: url };
    }
    case 'email': {
      if (!smtpHostAllowed(services, settings)) {
        throw new FacilFlowError('FORBIDDEN', `${settings.host}:${settings.port} is not a host FacilFlow may reach: an admin adds it to FACILFLOW_PIPELINE_HTTP_HOSTS`);
      }
      const { password, ...open } = settings;
      return { settings: open, secret: password ?? current?.secret ?? null };
    }
  }
}

export async function findChannel(tx: Tx, tenantId: string, id: string): Promise<ChannelRow> {
  const [row] = await tx.select().from(schema.notificationChannels).where(and(eq(schema.notificationChannels.tenantId, tenantId), eq(schema.notificationChannels.id, id)));
  if (!row) throw new FacilFlowError('NOT_FOUND', `No notification channel ${id}`);
  return row;
}

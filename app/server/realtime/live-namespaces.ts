import type { Permission } from '@facilflow/auth/abilities';
import { agentsChannel, telemetryChannel } from '@facilflow/core';

export interface LiveNamespace {
  /** Socket.IO namespace. */
  path: string;
  /** What a caller must be allowed to read to join. */
  permission: Permission;
  /** The bus channels of one tenant this namespace relays, by event name. */
  channels: Record<string, (tenantId: string) => string>;
}

/** DESIGN §6 namespaces that carry data today; pipelines, alerts, clusters and Jarvis join with their issues. */
export const LIVE_NAMESPACES: LiveNamespace[] = [
  { path: '/agents', permission: ['read', 'Agent'], channels: { agent: agentsChannel } },
  { path: '/dashboards', permission: ['read', 'Telemetry'], channels: { telemetry: telemetryChannel } },
];

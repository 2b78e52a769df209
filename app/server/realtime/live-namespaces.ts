import { agentsChannel, telemetryChannel } from '@facilflow/contracts';

export interface LiveNamespace {
  /** Socket.IO namespace. */
  path: string;
  /** The registry operation whose data the namespace streams: who may call it may join. */
  operation: string;
  /** The bus channels of one tenant this namespace relays, by event name. */
  channels: Record<string, (tenantId: string) => string>;
}

/** DESIGN §6 namespaces that carry data today; pipelines, alerts, clusters and Jarvis join with their issues. */
export const LIVE_NAMESPACES: LiveNamespace[] = [
  { path: '/agents', operation: 'agents.list', channels: { agent: agentsChannel } },
  { path: '/dashboards', operation: 'telemetry.latest', channels: { telemetry: telemetryChannel } },
];

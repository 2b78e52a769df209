import { agentsChannel, telemetryChannel } from '@facilflow/contracts';
import { pipelineRunsChannel } from '@facilflow/contracts';
import { pipelineRunLiveEvents, type LiveEvent } from './pipeline-run-events.ts';

export interface LiveNamespace {
  /** Socket.IO namespace. */
  path: string;
  /** The registry operation whose data the namespace streams: who may call it may join. */
  operation: string;
  /** The bus channels of one tenant this namespace relays, by event name. */
  channels: Record<string, (tenantId: string) => string>;
  /** When a channel carries several kinds of message: the events one message becomes (none drops it); else it goes out under its channel's key. */
  eventsOf?: (message: unknown) => LiveEvent[];
}

/** DESIGN §6 namespaces that carry data today; alerts and Jarvis join with their issues. `/clusters` relays no tenant channel: see cluster-live.ts. */
export const LIVE_NAMESPACES: LiveNamespace[] = [
  { path: '/agents', operation: 'agents.list', channels: { agent: agentsChannel } },
  { path: '/dashboards', operation: 'telemetry.latest', channels: { telemetry: telemetryChannel } },
  { path: '/pipelines', operation: 'runs.list', channels: { 'pipeline-runs': pipelineRunsChannel }, eventsOf: pipelineRunLiveEvents },
  { path: '/clusters', operation: 'clusters.list', channels: {} },
];

import { agentsChannel, alertsChannel, telemetryChannel } from '@facilflow/contracts';
import { alertLiveEvents } from '@facilflow/platform';
import { pipelineRunsChannel } from '@facilflow/contracts';
import type { Runtime } from '@facilflow/operations';
import type { Namespace } from 'socket.io';
import { relayClusterLive } from './cluster-live.ts';
import { pipelineRunLiveEvents, type LiveEvent } from './pipeline-run-events.ts';

export interface LiveOptions {
  /** How often `/clusters` sends `cluster:metrics` (tests shorten it). */
  clusterMetricsEveryMs?: number;
}

export interface LiveNamespace {
  /** Socket.IO namespace. */
  path: string;
  /** The registry operation whose data the namespace streams: who may call it may join. */
  operation: string;
  /** The bus channels of one tenant this namespace relays, by event name. */
  channels: Record<string, (tenantId: string) => string>;
  /** When a channel carries several kinds of message: the events one message becomes (none drops it); else it goes out under its channel's key. */
  eventsOf?: (message: unknown, tenantId: string) => LiveEvent[];
  /** What the namespace sends beyond its tenant channels; returns how to stop it. */
  attach?: (runtime: Runtime, nsp: Namespace, options: LiveOptions) => Promise<() => Promise<void>>;
}

/** DESIGN §6 namespaces that carry data today; Jarvis joins with its issue. `/alerts` is the in-app notification channel, admitted like silences.list (every person's role). `/clusters` relays no tenant channel; its `attach` is cluster-live.ts. */
export const LIVE_NAMESPACES: LiveNamespace[] = [
  { path: '/agents', operation: 'agents.list', channels: { agent: agentsChannel } },
  { path: '/dashboards', operation: 'telemetry.latest', channels: { telemetry: telemetryChannel } },
  { path: '/pipelines', operation: 'runs.list', channels: { 'pipeline-runs': pipelineRunsChannel }, eventsOf: pipelineRunLiveEvents },
  { path: '/alerts', operation: 'silences.list', channels: { alert: alertsChannel }, eventsOf: alertLiveEvents },
  { path: '/clusters', operation: 'clusters.list', channels: {}, attach: (runtime, nsp, options) => relayClusterLive(runtime, nsp, options.clusterMetricsEveryMs) },
];

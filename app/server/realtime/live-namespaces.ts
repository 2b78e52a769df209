import { agentsChannel, alertsChannel, JARVIS_NAMESPACE, telemetryChannel } from '@facilflow/contracts';
import { alertLiveEvents } from '@facilflow/platform';
import { pipelineRunsChannel } from '@facilflow/contracts';
import type { Runtime } from '@facilflow/operations';
import type { Namespace } from 'socket.io';
import type { JarvisTurns } from '../jarvis-turns.ts';
import { relayClusterLive } from './cluster-live.ts';
import { attachJarvisLive } from './jarvis-live.ts';
import { pipelineRunLiveEvents, type LiveEvent } from './pipeline-run-events.ts';

export interface LiveOptions {
  /** How often `/clusters` sends `cluster:metrics` (tests shorten it). */
  clusterMetricsEveryMs?: number;
  /** The turns `/jarvis` runs: the server's one set, shared with the SSE route (one running turn per conversation across both). */
  jarvisTurns: JarvisTurns;
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

/**
 * DESIGN §6 namespaces. `/alerts` is the in-app notification channel, admitted like alerts.list.
 * `/clusters` relays no tenant channel; its `attach` is cluster-live.ts. `/jarvis` carries a
 * person's own turns, not a tenant channel: who may read conversations may join, jarvis-live.ts is the rest.
 */
export const LIVE_NAMESPACES: LiveNamespace[] = [
  { path: '/agents', operation: 'agents.list', channels: { agent: agentsChannel } },
  { path: '/dashboards', operation: 'telemetry.latest', channels: { telemetry: telemetryChannel } },
  { path: '/pipelines', operation: 'runs.list', channels: { 'pipeline-runs': pipelineRunsChannel }, eventsOf: pipelineRunLiveEvents },
  { path: '/alerts', operation: 'alerts.list', channels: { alert: alertsChannel }, eventsOf: alertLiveEvents },
  { path: '/clusters', operation: 'clusters.list', channels: {}, attach: (runtime, nsp, options) => relayClusterLive(runtime, nsp, options.clusterMetricsEveryMs) },
  {
    path: JARVIS_NAMESPACE,
    operation: 'conversations.get',
    channels: {},
    attach: (runtime, nsp, options) => attachJarvisLive(runtime, nsp, options.jarvisTurns),
  },
];

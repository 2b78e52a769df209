import { FacilFlowError } from '../errors/facilflow-error.ts';

/**
 * The MQTT topic scheme: ff/v1/{tenantId}/agents/{agentId}/{kind}, with at most one level
 * below the kind (`telemetry/lp`). The brokers' ACLs, ingest's subscriptions and the agent
 * all build and read topics here, so they cannot drift. Ids and the level below the kind are
 * lower-case letters, digits and underscores: never a wildcard, a separator or a `$`.
 */
export const AGENT_TOPIC_KINDS = ['telemetry', 'status', 'heartbeat', 'config', 'commands', 'responses'] as const;
export type AgentTopicKind = (typeof AGENT_TOPIC_KINDS)[number];

const ID = /^[a-z0-9_]{1,64}$/;
const ROOT = 'ff';
const VERSION = 'v1';

/** Every agent's telemetry, for ingest (the `#` also matches the kind level itself). */
export const TELEMETRY_FILTER = `${ROOT}/${VERSION}/+/agents/+/telemetry/#`;

/** The MQTT 5 shared subscription ingest uses so receivers share the load (Mosquitto, EMQX, HiveMQ). */
export const SHARED_TELEMETRY_FILTER = `$share/ingest/${TELEMETRY_FILTER}`;

export function isTopicId(value: string): boolean {
  return ID.test(value);
}

function assertTopicId(value: string, what: string): void {
  if (!isTopicId(value)) throw new FacilFlowError('INVALID', `${what} "${value}" must be 1-64 of a-z 0-9 _ to be used in an MQTT topic`);
}

/** `ff/v1/{tenantId}/agents/{agentId}`: the prefix of every topic of one agent. */
export function agentTopicPrefix(tenantId: string, agentId: string): string {
  assertTopicId(tenantId, 'tenantId');
  assertTopicId(agentId, 'agentId');
  return `${ROOT}/${VERSION}/${tenantId}/agents/${agentId}`;
}

export function agentTopic(tenantId: string, agentId: string, kind: AgentTopicKind, subtopic?: string): string {
  const topic = `${agentTopicPrefix(tenantId, agentId)}/${kind}`;
  if (subtopic === undefined) return topic;
  assertTopicId(subtopic, 'subtopic');
  return `${topic}/${subtopic}`;
}

export interface AgentTopic {
  tenantId: string;
  agentId: string;
  kind: AgentTopicKind;
  /** The optional level below the kind, e.g. `lp` in `telemetry/lp` (line protocol). */
  subtopic: string | null;
}

function isKind(value: string): value is AgentTopicKind {
  return (AGENT_TOPIC_KINDS as readonly string[]).includes(value);
}

/** Parses a concrete topic of the scheme; anything else (wildcards, other levels, case, extra depth) is null. */
export function parseAgentTopic(topic: string): AgentTopic | null {
  const levels = topic.split('/');
  if (levels.length !== 6 && levels.length !== 7) return null;
  const [root, version, tenantId, agents, agentId, kind, subtopic] = levels;
  if (root !== ROOT || version !== VERSION || agents !== 'agents') return null;
  if (tenantId === undefined || !isTopicId(tenantId) || agentId === undefined || !isTopicId(agentId)) return null;
  if (kind === undefined || !isKind(kind)) return null;
  if (subtopic !== undefined && !isTopicId(subtopic)) return null;
  return { tenantId, agentId, kind, subtopic: subtopic ?? null };
}

/**
 * The MQTT topic scheme: ff/v1/{tenantId}/agents/{agentId}/{kind}[/...]. The broker's ACL,
 * ingest's subscriptions and the agent all build and read topics here, so they cannot drift.
 */
export const AGENT_TOPIC_KINDS = ['telemetry', 'status', 'heartbeat', 'config', 'commands', 'responses'] as const;
export type AgentTopicKind = (typeof AGENT_TOPIC_KINDS)[number];

const ID = /^[a-z0-9_]{1,64}$/;

export function isTopicId(value: string): boolean {
  return ID.test(value);
}

export function agentTopic(tenantId: string, agentId: string, kind: AgentTopicKind, ...rest: string[]): string {
  if (!ID.test(tenantId) || !ID.test(agentId)) throw new Error(`Invalid tenant or agent id for a topic: ${tenantId}/${agentId}`);
  return ['ff', 'v1', tenantId, 'agents', agentId, kind, ...rest].join('/');
}

export interface ParsedAgentTopic {
  tenantId: string;
  agentId: string;
  kind: AgentTopicKind;
  /** Levels after the kind, e.g. ['lp'] for telemetry/lp. */
  rest: string[];
}

/** Null for anything that is not exactly an agent topic: wildcards, odd ids, unknown kinds. */
export function parseAgentTopic(topic: string): ParsedAgentTopic | null {
  const levels = topic.split('/');
  const [ff, v, tenantId, agents, agentId, kind, ...rest] = levels;
  if (ff !== 'ff' || v !== 'v1' || agents !== 'agents' || !tenantId || !agentId || !kind) return null;
  if (!ID.test(tenantId) || !ID.test(agentId)) return null;
  if (!(AGENT_TOPIC_KINDS as readonly string[]).includes(kind)) return null;
  if (rest.some((level) => !/^[a-z0-9_-]{1,32}$/.test(level))) return null;
  return { tenantId, agentId, kind: kind as AgentTopicKind, rest };
}

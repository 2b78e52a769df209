import type { AgentTopicKind } from '@facilflow/contracts';
import type { AgentPrincipal } from './principal.ts';
import { parseAgentTopic } from '@facilflow/contracts';

/**
 * The agent ACL, shared by the embedded broker (checked here) and Mosquitto (compiled
 * into a dynamic-security role): an agent publishes only its own telemetry, status,
 * heartbeat and responses, and subscribes only to its own config and commands, each
 * optionally one level deeper (`telemetry/lp`, `commands/+`).
 */
export const AGENT_PUBLISH_KINDS = ['telemetry', 'status', 'heartbeat', 'responses'] as const satisfies readonly AgentTopicKind[];
export const AGENT_SUBSCRIBE_KINDS = ['config', 'commands'] as const satisfies readonly AgentTopicKind[];

export type AclDecision = { allowed: true } | { allowed: false; reason: string };

const ALLOWED: AclDecision = { allowed: true };

function ownTopic(agent: AgentPrincipal, topic: string, kinds: readonly AgentTopicKind[], action: string): AclDecision {
  const parsed = parseAgentTopic(topic);
  if (!parsed) return { allowed: false, reason: `"${topic}" is not a topic of the ff/v1 agent scheme` };
  if (parsed.tenantId !== agent.tenantId) return { allowed: false, reason: `"${topic}" belongs to tenant "${parsed.tenantId}", not "${agent.tenantId}"` };
  if (parsed.agentId !== agent.agentId) return { allowed: false, reason: `"${topic}" belongs to agent "${parsed.agentId}", not "${agent.agentId}"` };
  if (!kinds.includes(parsed.kind)) return { allowed: false, reason: `agents may not ${action} "${parsed.kind}" topics` };
  return ALLOWED;
}

export function agentMayPublish(agent: AgentPrincipal, topic: string): AclDecision {
  return ownTopic(agent, topic, AGENT_PUBLISH_KINDS, 'publish to');
}

export function agentMaySubscribe(agent: AgentPrincipal, filter: string): AclDecision {
  // The only wildcard an agent may use is a final `+` below its own config or commands.
  if (!filter.endsWith('/+')) return ownTopic(agent, filter, AGENT_SUBSCRIBE_KINDS, 'subscribe to');
  const parent = filter.slice(0, -2);
  const decision = ownTopic(agent, parent, AGENT_SUBSCRIBE_KINDS, 'subscribe to');
  if (decision.allowed && parseAgentTopic(parent)?.subtopic !== null) return { allowed: false, reason: `"${filter}" is deeper than the agent scheme` };
  return decision;
}

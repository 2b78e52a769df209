import { parseAgentTopic } from '@facilflow/contracts';

/** What the embedded broker's ACL accepts below a kind: one level of lower-case letters, digits, underscores. */
const SUBTOPIC = /^[a-z0-9_]+$/;

/**
 * An agent answers only on its own responses topic (or one level below it). A requester naming
 * any other topic gets no answer: publishing there would be refused by the broker's ACL — on
 * MQTT 3.1.1 by dropping the connection, after which mqtt.js would re-send the same refused QoS 1
 * publish on every reconnect. The subtopic rule is the broker's (stricter than parseAgentTopic's).
 */
export function isOwnResponseTopic(topic: string, tenantId: string, agentId: string): boolean {
  const parsed = parseAgentTopic(topic);
  if (!parsed || parsed.kind !== 'responses' || parsed.tenantId !== tenantId || parsed.agentId !== agentId) return false;
  return parsed.rest.length === 0 || (parsed.rest.length === 1 && SUBTOPIC.test(parsed.rest[0] ?? ''));
}

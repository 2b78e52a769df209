import { parseAgentTopic } from '@facilflow/contracts';

/**
 * An agent answers only on its own responses topic (or one level below it). A requester naming
 * any other topic gets no answer: publishing there would be refused by the broker's ACL — on
 * MQTT 3.1.1 by dropping the connection, after which mqtt.js would re-send the same refused QoS 1
 * publish on every reconnect. parseAgentTopic is the brokers' grammar.
 */
export function isOwnResponseTopic(topic: string, tenantId: string, agentId: string): boolean {
  const parsed = parseAgentTopic(topic);
  return parsed !== null && parsed.kind === 'responses' && parsed.tenantId === tenantId && parsed.agentId === agentId;
}

import { agentTopic } from '@facilflow/contracts';
import { connectAgentClient } from '@facilflow/testkit/agent-client';
import fc from 'fast-check';
import type { MqttClient } from 'mqtt';
import { lineProtocolPayload } from '../arbitraries/line-protocol.ts';
import { jsonBatchPayload } from '../arbitraries/telemetry-batch.ts';
import { withDeadline } from '../deadline.ts';
import { describeInput } from '../describe.ts';
import { describeError, type Outcome } from '../outcome.ts';
import type { Target } from '../target.ts';
import type { World } from '../world.ts';

export interface PublishCase {
  subtopic: 'json' | 'lp' | 'unknown' | 'foreign';
  payload: Buffer;
}

/**
 * Real QoS 1 publishes of hostile payloads as agent B, through the embedded broker into
 * ingest. On the agent's own topics every message must be acknowledged: stored or dead-
 * lettered. Losing the connection there means ingest could not make it durable (a
 * finding); on another tenant's topic the broker's refusal is to drop the connection.
 */
export function mqttPublishesTarget(world: World): Target<PublishCase> & { close(): Promise<void> } {
  let client: MqttClient | undefined;
  const agent = world.agentB;
  const topics: Record<PublishCase['subtopic'], string> = {
    json: agentTopic(agent.tenantId, agent.agentId, 'telemetry'),
    lp: agentTopic(agent.tenantId, agent.agentId, 'telemetry', 'lp'),
    unknown: agentTopic(agent.tenantId, agent.agentId, 'telemetry', 'protobuf'),
    foreign: agentTopic(world.agentA.tenantId, world.agentA.agentId, 'telemetry'),
  };
  const agentIds = [agent.agentId, world.agentA.agentId];
  const arbitrary = fc.oneof(
    { weight: 5, arbitrary: jsonBatchPayload(agentIds).map((payload): PublishCase => ({ subtopic: 'json', payload })) },
    { weight: 4, arbitrary: lineProtocolPayload.map((payload): PublishCase => ({ subtopic: 'lp', payload })) },
    { weight: 1, arbitrary: jsonBatchPayload(agentIds).map((payload): PublishCase => ({ subtopic: 'unknown', payload })) },
    { weight: 1, arbitrary: jsonBatchPayload(agentIds).map((payload): PublishCase => ({ subtopic: 'foreign', payload })) },
  );

  const publish = async (c: PublishCase): Promise<Outcome> => {
    if (!client?.connected) {
      await client?.endAsync(true);
      client = await connectAgentClient(agent);
    }
    const current = client;
    const acked = await new Promise<boolean>((resolve) => {
      const onClose = () => resolve(false);
      current.once('close', onClose);
      current.publish(topics[c.subtopic], c.payload, { qos: 1 }, (error) => {
        current.off('close', onClose);
        resolve(!error);
      });
    });
    if (acked) return c.subtopic === 'foreign' ? { kind: 'crash', error: "a publish on another tenant's topic was acknowledged" } : { kind: 'ok' };
    return c.subtopic === 'foreign' ? { kind: 'refused', code: 'ACL' } : { kind: 'crash', error: 'connection dropped without PUBACK: ingest did not make the message durable' };
  };

  return {
    name: 'mqtt-publishes',
    arbitrary,
    subject: (c) => `publish ${c.subtopic}`,
    describe: (c) => `${c.payload.length} bytes: ${describeInput(c.payload.toString('utf8'))}`,
    async execute(c) {
      const settled = await withDeadline(publish(c).catch((error: unknown): Outcome => ({ kind: 'crash', error: `client: ${describeError(error)}` })));
      if (!settled.settled) {
        // The client may still be waiting for the PUBACK: start the next input on a fresh connection.
        await client?.endAsync(true);
        client = undefined;
        return { kind: 'hung' };
      }
      return settled.value;
    },
    async close() {
      await client?.endAsync(true);
    },
  };
}

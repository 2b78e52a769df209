import { agentTopic, type EnrollResponse } from '@facilflow/contracts';
import { connectAsync, type MqttClient } from 'mqtt';

/** An MQTT client holding an enrolled agent's credentials: what the edge agent does on the wire, without retrying. */
export function connectAgentClient(identity: EnrollResponse, options: { clean?: boolean } = {}): Promise<MqttClient> {
  return connectAsync(identity.mqtt.url, {
    clientId: identity.mqtt.clientId,
    username: identity.mqtt.username,
    password: identity.mqtt.password,
    protocolVersion: identity.mqtt.protocolVersion,
    reconnectPeriod: 0,
    clean: options.clean ?? true,
  });
}

export interface ResendOptions {
  /** Batches 0 … batches-1 make the whole run. */
  batches: number;
  /** Publishes in flight at once. */
  window: number;
  /** The telemetry payload of batch `seq`. */
  payloadOf(seq: number): string;
  /** The batches a PUBACK came for; added to as PUBACKs arrive. */
  acked: Set<number>;
  onAck(seq: number): void;
}

/**
 * Sends every batch without a PUBACK yet, in seq order with `window` in flight, on a new
 * connection with the agent's client id (clean: false), as an agent after a reconnect does.
 * 'done' when all are acknowledged, 'lost' when the connection drops first: only a PUBACK counts.
 */
export async function resendUnacknowledged(identity: EnrollResponse, options: ResendOptions): Promise<'done' | 'lost'> {
  const { batches, window, payloadOf, acked, onAck } = options;
  const client = await connectAgentClient(identity, { clean: false });
  const topic = agentTopic(identity.tenantId, identity.agentId, 'telemetry');
  const pending = Array.from({ length: batches }, (_, seq) => seq).filter((seq) => !acked.has(seq));
  const outcome = await new Promise<'done' | 'lost'>((resolve) => {
    let next = 0;
    let inFlight = 0;
    let lost = false;
    client.once('close', () => {
      lost = true;
      resolve('lost');
    });
    const pump = () => {
      while (!lost && inFlight < window && next < pending.length) {
        const seq = pending[next++]!;
        inFlight++;
        client.publish(topic, payloadOf(seq), { qos: 1 }, (error) => {
          inFlight--;
          if (!error && !lost) {
            acked.add(seq);
            onAck(seq);
          }
          if (acked.size === batches) resolve('done');
          else pump();
        });
      }
    };
    pump();
  });
  await client.endAsync(true);
  return outcome;
}

import { connectAsync, type IClientOptions, type MqttClient } from 'mqtt';

export interface ClientCredentials {
  clientId: string;
  username: string;
  password: string;
}

/** A test client that does not reconnect by itself unless asked to: tests decide when it comes back. */
export function connectClient(url: string, credentials: ClientCredentials, options: IClientOptions = {}): Promise<MqttClient> {
  return connectAsync(url, { reconnectPeriod: 0, ...credentials, ...options }, false);
}

/** 'refused' when the broker answers CONNACK with an error (or closes), else the connection is closed again. */
export async function connectOutcome(url: string, credentials: ClientCredentials, options: IClientOptions = {}): Promise<'connected' | 'refused'> {
  try {
    const client = await connectClient(url, credentials, options);
    await client.endAsync(true);
    return 'connected';
  } catch {
    return 'refused';
  }
}

export function closed(client: MqttClient): Promise<void> {
  return new Promise((resolve) => {
    if (!client.connected) return resolve();
    client.once('close', () => resolve());
  });
}

/** Both ways a broker refuses a SUBSCRIBE: an MQTT 5 reason code (mqtt.js rejects) or a 3.1.1 SUBACK 0x80. */
export async function trySubscribe(client: MqttClient, filter: string): Promise<'granted' | 'refused'> {
  try {
    const granted = await client.subscribeAsync(filter, { qos: 1 });
    return granted.every((grant) => grant.qos < 0x80) ? 'granted' : 'refused';
  } catch {
    return 'refused';
  }
}

/**
 * How a broker answered a QoS 1 PUBLISH: acknowledged, refused with an MQTT 5 reason code,
 * or (MQTT 3.1.1 has no negative PUBACK) the connection was dropped.
 */
export function publishOutcome(client: MqttClient, topic: string, payload: string): Promise<'acked' | 'refused' | 'disconnected'> {
  return Promise.race([
    client.publishAsync(topic, payload, { qos: 1 }).then(
      () => 'acked' as const,
      () => 'refused' as const,
    ),
    closed(client).then(() => 'disconnected' as const),
  ]);
}

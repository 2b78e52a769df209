import { FacilFlowError } from '@facilflow/contracts';
import { connect, type IClientOptions, type MqttClient } from 'mqtt';
import { errorMessage, type MessagingLog } from '../log.ts';

/** scheme://host:port of a broker URL, for messages: never echo credentials. */
export function describeMqttUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return '(unparsable MQTT URL)';
  }
}

/**
 * Connects once and fails at once (refused credentials, nothing listening) with a message
 * naming the broker; after that first CONNACK mqtt.js reconnects by itself and errors are
 * logged (an EventEmitter 'error' without a listener would crash the process).
 * `prepare` runs before CONNECT is sent: a persistent session may deliver queued messages
 * right after CONNACK, before any code awaiting this function could install a handler.
 */
export async function connectMqtt(
  url: string,
  purpose: string,
  options: IClientOptions,
  log: MessagingLog,
  prepare: (client: MqttClient) => void = () => undefined,
): Promise<MqttClient> {
  const where = describeMqttUrl(url);
  const client = connect(url, { ...options, manualConnect: true });
  prepare(client);
  try {
    await new Promise<void>((resolve, reject) => {
      const settle = (error?: Error): void => {
        client.off('connect', onConnect);
        client.off('error', settle);
        client.off('close', onClose);
        if (error) reject(error);
        else resolve();
      };
      const onConnect = (): void => settle();
      const onClose = (): void => settle(new Error('connection closed before CONNACK'));
      client.on('connect', onConnect);
      client.on('error', settle);
      client.on('close', onClose);
      client.connect();
    });
  } catch (cause) {
    client.end(true);
    throw new FacilFlowError('UNAVAILABLE', `MQTT broker at ${where} refused or is unreachable (${purpose}): ${errorMessage(cause)}`);
  }
  client.on('error', (error) => log.warn('mqtt client error', { broker: where, purpose, error: error.message }));
  return client;
}

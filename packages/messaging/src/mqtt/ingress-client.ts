import { FacilFlowError } from '@facilflow/contracts';
import type { IClientOptions, MqttClient } from 'mqtt';
import { consoleLog, errorMessage, type MessagingLog } from '../log.ts';
import { connectMqtt, describeMqttUrl } from './connect.ts';
import { SHARED_TELEMETRY_FILTER, TELEMETRY_FILTER } from '@facilflow/contracts';

export interface IngressOptions {
  url: string;
  username: string;
  password: string;
  /**
   * Stable per receiver (e.g. `ingest_0`): the broker keeps this client's session, and
   * the messages it has not acknowledged, for the next connection with the same id.
   */
  clientId: string;
  /** `$share/ingest/...` so receivers split the load: MQTT 5 brokers (Mosquitto). aedes has no shared subscriptions. */
  shared: boolean;
  /** 5 for Mosquitto, 4 (MQTT 3.1.1) for the embedded aedes. */
  protocolVersion: 4 | 5;
  /**
   * Called once per telemetry message, one at a time per connection, in arrival order.
   * Resolve only once the data is durable: the PUBACK is sent after that. Reject only when
   * it could not be made durable (store unavailable): the connection is dropped without
   * PUBACK and the broker redelivers on reconnect. Data that is merely invalid must be
   * dead-lettered and resolve, or it would be redelivered forever.
   */
  handler: (topic: string, payload: Buffer) => Promise<void>;
  /** MQTT 5: how long the broker keeps the session while this receiver is away. Default one day. */
  sessionExpirySeconds?: number;
  log?: MessagingLog;
}

export interface Ingress {
  /**
   * Without `force`, lets the message being handled finish and be acknowledged, then sends
   * DISCONNECT; with `force`, drops the connection at once and the broker redelivers what
   * was not acknowledged to the next session with this client id.
   */
  close(options?: { force?: boolean }): Promise<void>;
}

const DAY_SECONDS = 86_400;

/**
 * The ingest receiver: subscribes to every tenant's telemetry at QoS 1 on a persistent
 * session (clean: false) and acknowledges each message only after `handler` resolves.
 *
 * mqtt.js honours `customHandleAcks` only when protocolVersion is 5, and the embedded aedes
 * speaks 3.1.1, so this uses mqtt.js' `handleMessage` hook instead: mqtt.js sends the PUBACK
 * of a QoS 1 message when handleMessage calls back, and reads the next packet only then,
 * on either protocol version.
 */
export async function connectIngress(options: IngressOptions): Promise<Ingress> {
  const log = options.log ?? consoleLog;
  const where = describeMqttUrl(options.url);
  const filter = options.shared ? SHARED_TELEMETRY_FILTER : TELEMETRY_FILTER;
  const inFlight = new Set<Promise<void>>();
  // Bumped when a connection closes. A handler that resolves after its connection is gone
  // must not call back: mqtt.js would queue the PUBACK and send it on the next connection,
  // where that packet id may by then name a different message.
  let connection = 0;
  let closing = false;

  const clientOptions: IClientOptions = {
    protocolVersion: options.protocolVersion,
    username: options.username,
    password: options.password,
    clientId: options.clientId,
    clean: false,
    reconnectPeriod: 1000,
  };
  // In MQTT 5 a session ends with the connection unless it has an expiry interval.
  if (options.protocolVersion === 5) clientOptions.properties = { sessionExpiryInterval: options.sessionExpirySeconds ?? DAY_SECONDS };

  function install(client: MqttClient): void {
    client.on('close', () => {
      connection += 1;
    });
    client.handleMessage = (packet, callback) => {
      // While closing, nothing more is handled or acknowledged; the broker keeps it for the next session.
      if (closing) return;
      const receivedOn = connection;
      const handled = Promise.resolve()
        .then(() => options.handler(packet.topic, Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload)))
        .then(
          () => {
            if (receivedOn === connection) callback();
          },
          (error: unknown) => {
            log.error('ingest handler failed; dropping the connection so the broker redelivers', {
              broker: where,
              clientId: options.clientId,
              topic: packet.topic,
              error: errorMessage(error),
            });
            if (receivedOn === connection) client.stream.destroy();
          },
        )
        .finally(() => inFlight.delete(handled));
      inFlight.add(handled);
    };
  }

  const client = await connectMqtt(options.url, `ingest ${options.clientId}`, clientOptions, log, install);
  const granted = await client.subscribeAsync(filter, { qos: 1 }).catch(async (cause: unknown) => {
    await client.endAsync(true);
    throw new FacilFlowError('FORBIDDEN', `MQTT broker at ${where} refused the ingest subscription ${filter}: ${errorMessage(cause)}`);
  });
  // MQTT 3.1.1 reports a refused filter as SUBACK 0x80 rather than as an error.
  if (granted.some((grant) => grant.qos >= 0x80)) {
    await client.endAsync(true);
    throw new FacilFlowError('FORBIDDEN', `MQTT broker at ${where} refused the ingest subscription ${filter}`);
  }

  return {
    async close({ force = false } = {}) {
      closing = true;
      if (!force) await Promise.allSettled(inFlight);
      await client.endAsync(force);
    },
  };
}

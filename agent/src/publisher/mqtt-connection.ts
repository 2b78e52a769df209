import type { EnrollResponse } from '@facilflow/contracts';
import { connect, type IClientOptions, type MqttClient } from 'mqtt';
import type { Logger } from '../log.ts';

const RECONNECT_BASE_MS = 1000;
const RECONNECT_MAX_MS = 30_000;
/** MQTT 5 only: how long the broker keeps the session (subscriptions, queued commands) while the agent is away. */
const SESSION_EXPIRY_S = 7 * 24 * 3600;

export interface AgentMqttOptions {
  identity: EnrollResponse;
  statusTopic: string;
  /** The retained `offline` status the broker publishes if the agent vanishes; rebuilt before every connection attempt. */
  lastWill: () => string;
  log: Logger;
}

/**
 * The agent's MQTT client, started in the background: a plant agent must run, and buffer,
 * whether or not the broker is reachable when it starts.
 *
 * - A stable client id with a persistent session (clean: false; on MQTT 5 a session expiry),
 *   so QoS 1 commands sent while the agent is away wait for it at the broker, and mqtt.js
 *   re-sends unacknowledged QoS 1 publishes, in order, on the next connection.
 * - The last will is the retained offline status on the status topic.
 * - Reconnects by itself, with exponential backoff and jitter (mqtt.js on its own retries at a
 *   fixed period): the period for the next attempt is set as each attempt starts.
 */
export function connectAgentMqtt({ identity, statusTopic, lastWill, log }: AgentMqttOptions): MqttClient {
  const { mqtt } = identity;
  const will = (): NonNullable<IClientOptions['will']> => ({ topic: statusTopic, payload: Buffer.from(lastWill()), qos: 1, retain: true });
  const client = connect(mqtt.url, {
    clientId: mqtt.clientId,
    username: mqtt.username,
    password: mqtt.password,
    protocolVersion: mqtt.protocolVersion,
    clean: false,
    ...(mqtt.protocolVersion === 5 ? { properties: { sessionExpiryInterval: SESSION_EXPIRY_S } } : {}),
    keepalive: 30,
    connectTimeout: 15_000,
    reconnectPeriod: RECONNECT_BASE_MS,
    // A refused CONNACK (broker busy, auth backend down, credentials not yet propagated) is retried too.
    reconnectOnConnackError: true,
    // The agent subscribes again on every CONNACK itself (see agent.ts).
    resubscribe: false,
    // mqtt-packet otherwise fills, on the first packet, a table of 65,536 two-byte Buffers (one per
    // packet id) that holds ~7 MiB of heap for the process's life; the agent sends a few dozen packets
    // a second, so building the id's two bytes per packet costs nothing measurable.
    writeCache: false,
    will: will(),
  });
  let attempts = 0;
  let down = false;
  client.on('connect', (connack) => {
    attempts = 0;
    client.options.reconnectPeriod = RECONNECT_BASE_MS;
    down = false;
    log.info('mqtt connected', { broker: describeUrl(mqtt.url), sessionPresent: connack.sessionPresent });
  });
  client.on('reconnect', () => {
    attempts += 1;
    const backoff = Math.min(RECONNECT_MAX_MS, RECONNECT_BASE_MS * 2 ** Math.min(attempts, 10));
    client.options.reconnectPeriod = Math.round(backoff * (0.8 + Math.random() * 0.4));
    client.options.will = will();
  });
  client.on('close', () => {
    if (down || client.disconnecting) return;
    down = true;
    log.warn('mqtt connection closed; reconnecting', { broker: describeUrl(mqtt.url) });
  });
  // Without a listener an 'error' event would crash the process; mqtt.js reconnects after it anyway.
  client.on('error', (error) => log.warn('mqtt error', { broker: describeUrl(mqtt.url), error: error.message }));
  return client;
}

/** scheme://host:port, never the credentials a URL may carry. */
export function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return '(unparsable URL)';
  }
}

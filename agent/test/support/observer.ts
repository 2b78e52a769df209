import { agentTopic, parseAgentTopic, type AgentTopicKind } from '@facilflow/contracts';
import { connectAsync, type MqttClient } from 'mqtt';
import { unpack } from 'msgpackr';
import type { Credentials } from './broker.ts';
import { Inbox } from './inbox.ts';
import { pointBatchOf } from './telemetry.ts';

function telemetryBody(published: unknown): unknown {
  try {
    return pointBatchOf(published);
  } catch {
    return published;
  }
}

/** JSON bodies parsed; anything else (a test's deliberately broken config) kept as text. */
function parseBody(payload: Buffer): unknown {
  if (payload.length === 0) return null;
  try {
    return JSON.parse(payload.toString('utf8'));
  } catch {
    return payload.toString('utf8');
  }
}

export interface Observed {
  kind: AgentTopicKind;
  topic: string;
  /** Telemetry: the batch as its points (support/telemetry.ts), or what was published when it is not a valid batch. */
  body: unknown;
  /** The body as published: telemetry decoded from its encoding, not turned into points. */
  published: unknown;
  retain: boolean;
}

/**
 * Plays the server's side of the agent's topics: sees everything the agent publishes (per kind,
 * parsed; telemetry as the points it carries), and publishes configs and commands to it. Reconnects by itself, like ingest would.
 */
export class Observer {
  readonly messages = new Inbox<Observed>();
  readonly #client: MqttClient;
  readonly #tenantId: string;
  readonly #agentId: string;

  private constructor(client: MqttClient, tenantId: string, agentId: string) {
    this.#client = client;
    this.#tenantId = tenantId;
    this.#agentId = agentId;
    client.on('message', (topic, payload, packet) => {
      const parsed = parseAgentTopic(topic);
      if (!parsed) return;
      const published = parsed.kind === 'telemetry' && parsed.subtopic === 'msgpack' ? unpack(payload) : parseBody(payload);
      this.messages.push({ kind: parsed.kind, topic, body: parsed.kind === 'telemetry' ? telemetryBody(published) : published, published, retain: packet.retain });
    });
  }

  static async connect(url: string, credentials: Credentials, tenantId: string, agentId: string): Promise<Observer> {
    const client = await connectAsync(url, { ...credentials, clientId: `${credentials.clientId}_${agentId}`, reconnectPeriod: 200, clean: false });
    const observer = new Observer(client, tenantId, agentId);
    await client.subscribeAsync(`ff/v1/${tenantId}/agents/${agentId}/#`, { qos: 1 });
    return observer;
  }

  /** Messages of one kind, bodies typed by the caller. */
  of<T>(kind: AgentTopicKind): T[] {
    return this.messages.items.filter((m) => m.kind === kind).map((m) => m.body as T);
  }

  /** Bodies of one kind as they were published. */
  published(kind: AgentTopicKind): Observed[] {
    return this.messages.items.filter((m) => m.kind === kind);
  }

  next<T>(kind: AgentTopicKind, match: (body: T) => boolean = () => true): Promise<T> {
    return this.messages.next((m) => m.kind === kind && match(m.body as T)).then((m) => m.body as T);
  }

  until<T>(kind: AgentTopicKind, match: (body: T) => boolean = () => true): Promise<T> {
    return this.messages.until((m) => m.kind === kind && match(m.body as T)).then((m) => m.body as T);
  }

  async publish(kind: AgentTopicKind, body: unknown, options: { retain?: boolean } = {}): Promise<void> {
    const topic = agentTopic(this.#tenantId, this.#agentId, kind);
    await this.#client.publishAsync(topic, typeof body === 'string' ? body : JSON.stringify(body), { qos: 1, retain: options.retain ?? false });
  }

  async close(): Promise<void> {
    await this.#client.endAsync(true);
  }
}

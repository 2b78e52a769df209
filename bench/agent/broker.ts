import { randomBytes } from 'node:crypto';
import { agentHeartbeatSchema, agentTopic, type AgentHeartbeat, type EnrollResponse } from '@facilflow/contracts';
import { startEmbeddedBroker, type BrokerPrincipal, type EmbeddedBroker } from '@facilflow/messaging';
import { connect, type MqttClient } from 'mqtt';
import { LatencyHistogram } from './histogram.ts';

/** The fields of a telemetry batch the probe reads: v1 (telemetryBatchSchema) lists points, v2 (compactTelemetryBatchSchema, what the agent sends) gives each series' times. */
interface BatchView {
  sentAt: number;
  points?: { t: number }[];
  series?: { times: number[] }[];
}

/** A source as the agent's retained status describes it. */
export interface SourceView {
  id: string;
  state: string;
  monitoredItems: number;
}

/**
 * The broker the agent publishes to: the server's embedded aedes broker with its real agent
 * authentication and topic ACL, on a free port of 127.0.0.1, in the benchmark's own process.
 * The agent's credentials are registered here the way enrolment would register them; enrolment
 * itself (an HTTP exchange with the platform) is not on the measured path and is left out.
 *
 * Telemetry is observed where the broker authorises the publish, before the PUBACK — the place
 * where in-process ingest sits: each point's latency is taken from its source timestamp to the
 * batch's `sentAt` (the agent's publish) and to its arrival here. Heartbeats and the retained
 * status come through an ordinary service subscription.
 */
export class BenchBroker {
  readonly toPublish = new LatencyHistogram();
  readonly toBroker = new LatencyHistogram();
  points = 0;
  batches = 0;
  bytes = 0;
  readonly heartbeats: AgentHeartbeat[] = [];
  sources: SourceView[] = [];
  #broker: EmbeddedBroker | null = null;
  #service: MqttClient | null = null;
  readonly #principals = new Map<string, { password: string; principal: BrokerPrincipal }>();

  async start(): Promise<void> {
    this.#broker = await startEmbeddedBroker({
      port: 0,
      log: { warn: (m, d) => console.error(`[broker] ${m}`, d), error: (m, d) => console.error(`[broker] ${m}`, d) },
      authenticate: async (_clientId, username, password) => {
        const entry = username === undefined ? undefined : this.#principals.get(username);
        return entry && entry.password === password ? entry.principal : null;
      },
      onAgentTelemetry: async ({ payload }) => this.#observe(payload),
    });
    const service = { username: 'bench', password: randomBytes(12).toString('hex') };
    this.#principals.set(service.username, { password: service.password, principal: { kind: 'service', name: 'bench' } });
    const client = connect(this.#broker.url, { ...service, clientId: 'bench_service', protocolVersion: 4 });
    await new Promise((resolve, reject) => client.once('connect', resolve).once('error', reject));
    this.#service = client;
  }

  /** Credentials for the agent's own topics, as `agents.enroll` would issue them. */
  enrol(tenantId: string, agentId: string): EnrollResponse {
    if (!this.#broker) throw new Error('broker not started');
    const credentials = { clientId: agentId, username: `${tenantId}.${agentId}`, password: randomBytes(12).toString('hex') };
    this.#principals.set(credentials.username, { password: credentials.password, principal: { kind: 'agent', tenantId, agentId } });
    return { tenantId, agentId, mqtt: { url: this.#broker.url, ...credentials, protocolVersion: 4 } };
  }

  /** Follows the agent's heartbeats and status. */
  async watch(identity: EnrollResponse): Promise<void> {
    const heartbeat = agentTopic(identity.tenantId, identity.agentId, 'heartbeat');
    const status = agentTopic(identity.tenantId, identity.agentId, 'status');
    const service = this.#service;
    if (!service) throw new Error('broker not started');
    service.on('message', (topic, payload) => {
      if (topic === heartbeat) this.heartbeats.push(agentHeartbeatSchema.parse(JSON.parse(payload.toString('utf8'))));
      else if (topic === status) this.sources = (JSON.parse(payload.toString('utf8')) as { sources: SourceView[] }).sources;
    });
    await service.subscribeAsync([heartbeat, status], { qos: 0 });
  }

  /** Starts a measurement window: counters and histograms from zero. */
  resetCounters(): void {
    this.points = 0;
    this.batches = 0;
    this.bytes = 0;
    this.toPublish.reset();
    this.toBroker.reset();
  }

  async close(): Promise<void> {
    await this.#service?.endAsync(true);
    await this.#broker?.close();
  }

  #observe(payload: Buffer): void {
    const now = Date.now();
    const batch = JSON.parse(payload.toString('utf8')) as BatchView;
    this.batches += 1;
    this.bytes += payload.length;
    const times = batch.series ? batch.series.flatMap((series) => series.times) : (batch.points ?? []).map((point) => point.t);
    this.points += times.length;
    for (const t of times) {
      this.toPublish.record(batch.sentAt - t);
      this.toBroker.record(now - t);
    }
  }
}

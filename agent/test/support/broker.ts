import { randomBytes } from 'node:crypto';
import { startEmbeddedBroker, type AgentTelemetry, type BrokerPrincipal, type EmbeddedBroker } from '@facilflow/messaging';
import { unpack } from 'msgpackr';
import type { AgentIdentity } from '../../src/enroll/identity-file.ts';

export interface Credentials {
  clientId: string;
  username: string;
  password: string;
}

const silent = { warn: () => undefined, error: () => undefined };

/**
 * The server's embedded broker (aedes, MQTT 3.1.1) with its real agent ACL, on a free port of
 * 127.0.0.1, that a test can stop and start again on the same port. A service principal
 * (the test's subscriber) may read and write every topic.
 */
export class TestBroker {
  readonly service: Credentials = { clientId: 'test_service', username: 'test_service', password: randomBytes(8).toString('hex') };
  readonly #principals = new Map<string, { password: string; principal: BrokerPrincipal }>();
  #broker: EmbeddedBroker | null = null;
  #port = 0;
  #agentsHeld: Promise<void> | null = null;
  #releaseAgents: () => void = () => undefined;
  #telemetryHeld: Promise<void> | null = null;
  #releaseTelemetry: (error: Error) => void = () => undefined;
  /** Per agent, the highest batch seq let through before a hold: forwarded and acknowledged, perhaps not yet. */
  readonly #admittedSeqs = new Map<string, number>();

  constructor() {
    this.#principals.set(this.service.username, { password: this.service.password, principal: { kind: 'service', name: 'test' } });
  }

  get url(): string {
    return `mqtt://127.0.0.1:${this.#port}`;
  }

  async start(): Promise<void> {
    this.#broker = await startEmbeddedBroker({
      port: this.#port,
      log: silent,
      // Runs before aedes forwards a telemetry publish and acknowledges it.
      onAgentTelemetry: async (telemetry) => {
        if (this.#telemetryHeld) return this.#telemetryHeld;
        const seq = batchSeqOf(telemetry);
        if (seq !== undefined && seq > (this.#admittedSeqs.get(telemetry.agentId) ?? -1)) this.#admittedSeqs.set(telemetry.agentId, seq);
      },
      authenticate: async (_clientId, username, password) => {
        const entry = username === undefined ? undefined : this.#principals.get(username);
        if (!entry || entry.password !== password) return null;
        if (entry.principal.kind === 'agent' && this.#agentsHeld) await this.#agentsHeld;
        return entry.principal;
      },
    });
    this.#port = this.#broker.port;
  }

  async stop(): Promise<void> {
    this.#releaseTelemetry(new Error('broker stopped'));
    this.#telemetryHeld = null;
    await this.#broker?.close();
    this.#broker = null;
  }

  /**
   * Agents' CONNECTs wait (unanswered) until releaseAgents(): lets a test get its observer
   * subscribed on a restarted broker before the agent can publish anything there.
   */
  holdAgents(): void {
    this.#agentsHeld = new Promise((resolve) => {
      this.#releaseAgents = resolve;
    });
  }

  /**
   * From now on telemetry publishes are neither forwarded nor acknowledged, until the broker
   * stops: whatever a subscriber has seen is then exactly what the agent had acknowledged.
   */
  holdTelemetry(): void {
    this.#telemetryHeld = new Promise((_resolve, reject) => {
      this.#releaseTelemetry = reject;
    });
    // Nobody may be awaiting it when it is released with an error.
    this.#telemetryHeld.catch(() => undefined);
  }

  /**
   * The highest seq of the agent's batches that passed before holdTelemetry(): the agent may
   * hear their acknowledgement after the hold, so a subscriber must see up to here, not only
   * up to what the agent had acknowledged when the hold began.
   */
  admittedSeq(agentId: string): number {
    return this.#admittedSeqs.get(agentId) ?? -1;
  }

  releaseAgents(): void {
    this.#agentsHeld = null;
    this.#releaseAgents();
  }

  /** An identity as enrolment would hand it out: credentials good for this agent's own topics. */
  enrolAgent(tenantId: string, agentId: string): AgentIdentity {
    const credentials = { clientId: agentId, username: `${tenantId}.${agentId}`, password: randomBytes(8).toString('hex') };
    this.#principals.set(credentials.username, { password: credentials.password, principal: { kind: 'agent', tenantId, agentId } });
    return { tenantId, agentId, mqtt: { url: this.url, ...credentials, protocolVersion: 4 } };
  }
}

function batchSeqOf(telemetry: AgentTelemetry): number | undefined {
  try {
    const batch: unknown = telemetry.subtopic === 'msgpack' ? unpack(telemetry.payload) : JSON.parse(telemetry.payload.toString('utf8'));
    const seq: unknown = typeof batch === 'object' && batch !== null && 'seq' in batch ? batch.seq : undefined;
    return typeof seq === 'number' ? seq : undefined;
  } catch {
    return undefined;
  }
}

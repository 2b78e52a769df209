import { randomUUID } from 'node:crypto';
import {
  agentCommandResponseSchema,
  FacilFlowError,
  type AgentCommand,
  type AgentCommandRequest,
  type AgentCommandResponse,
  type AgentConfig,
} from '@facilflow/contracts';
import type { MqttClient } from 'mqtt';
import { consoleLog, errorMessage, type MessagingLog } from '../log.ts';
import { connectMqtt } from '../mqtt/connect.ts';
import { agentTopic, parseAgentTopic } from '@facilflow/contracts';

export interface MqttAgentControlOptions {
  /** Where this service connects, with its service credentials. */
  url: string;
  username: string;
  password: string;
  clientId: string;
  /** The protocol the service speaks to its broker: 4 on aedes, 5 on Mosquitto. */
  protocolVersion: 4 | 5;
  /** What agents are told at enrolment. */
  agentBrokerUrl: string;
  /** Credentials on brokers that keep their own (Mosquitto dynsec); a no-op on the embedded broker. */
  provision(tenantId: string, agentId: string, password: string): Promise<void>;
  /** Removes credentials and drops the live connection. */
  revoke(tenantId: string, agentId: string): Promise<void>;
  /**
   * Whether the agent holds a connection, where the broker can tell (the embedded one can; an
   * external one cannot, and a command there waits its timeout): a command to an agent that is
   * not connected is refused at once instead of waiting for an answer that cannot come.
   */
  isConnected?(tenantId: string, agentId: string): boolean;
  /** Status and heartbeat reports as they arrive (retained status included). */
  onReport(tenantId: string, agentId: string, kind: 'status' | 'heartbeat', payload: unknown): Promise<void>;
  log?: MessagingLog;
}

export interface MqttAgentControl {
  /** Where agents connect, as handed out at enrolment. */
  readonly brokerUrl: string;
  /** 4 on the embedded broker (aedes speaks MQTT 3.1.1), 5 on Mosquitto and other MQTT 5 brokers. */
  readonly protocolVersion: 4 | 5;
  /** Lets this agent in with this password, for brokers that keep their own credentials. */
  provision(tenantId: string, agentId: string, password: string): Promise<void>;
  /** Takes the credentials away and drops the live connection, at once. */
  revoke(tenantId: string, agentId: string): Promise<void>;
  /** Publishes the desired configuration, retained, on the agent's config topic. */
  publishConfig(tenantId: string, agentId: string, config: AgentConfig): Promise<void>;
  /** Sends a command and waits for the agent's answer (UNAVAILABLE on timeout). */
  command(tenantId: string, agentId: string, command: AgentCommand, timeoutMs: number): Promise<AgentCommandResponse>;
  close(): Promise<void>;
}

interface Pending {
  tenantId: string;
  agentId: string;
  resolve(response: AgentCommandResponse): void;
}

const REPORTS = ['ff/v1/+/agents/+/status', 'ff/v1/+/agents/+/heartbeat', 'ff/v1/+/agents/+/responses'];

/**
 * The platform's side of agent governance over MQTT: retained desired configs, commands
 * with request/response, and the agents' status and heartbeat reports. Correlation travels
 * in the JSON envelope (aedes speaks MQTT 3.1.1) and, on MQTT 5, also as packet properties.
 */
export async function createMqttAgentControl(options: MqttAgentControlOptions): Promise<MqttAgentControl> {
  const log = options.log ?? consoleLog;
  const pending = new Map<string, Pending>();

  const onMessage = (topic: string, payload: Buffer): void => {
    const parsed = parseAgentTopic(topic);
    if (!parsed) return;
    let body: unknown;
    try {
      body = JSON.parse(payload.toString('utf8'));
    } catch {
      log.warn('agent sent a report that is not JSON', { topic });
      return;
    }
    if (parsed.kind === 'responses') {
      const response = agentCommandResponseSchema.safeParse(body);
      const waiting = response.success ? pending.get(response.data.correlationId) : undefined;
      // Only the agent that was asked may answer: the topic is the publisher's own (broker ACL).
      if (response.success && waiting && waiting.tenantId === parsed.tenantId && waiting.agentId === parsed.agentId) {
        pending.delete(response.data.correlationId);
        waiting.resolve(response.data);
      }
      return;
    }
    if (parsed.kind === 'status' || parsed.kind === 'heartbeat') {
      options.onReport(parsed.tenantId, parsed.agentId, parsed.kind, body).catch((e: unknown) => {
        log.warn('could not record an agent report', { topic, error: errorMessage(e) });
      });
    }
  };

  const client: MqttClient = await connectMqtt(
    options.url,
    'agent control',
    {
      clientId: options.clientId,
      username: options.username,
      password: options.password,
      protocolVersion: options.protocolVersion,
      clean: true,
      reconnectPeriod: 1000,
    },
    log,
    (c) => c.on('message', onMessage),
  );
  await client.subscribeAsync(REPORTS, { qos: 1 });

  return {
    brokerUrl: options.agentBrokerUrl,
    protocolVersion: options.protocolVersion,
    provision: options.provision,
    revoke: options.revoke,
    async publishConfig(tenantId, agentId, config) {
      await client.publishAsync(agentTopic(tenantId, agentId, 'config'), JSON.stringify(config), { qos: 1, retain: true });
    },
    async command(tenantId, agentId, command, timeoutMs) {
      if (options.isConnected && !options.isConnected(tenantId, agentId)) {
        throw new FacilFlowError('UNAVAILABLE', `Agent ${agentId} is not connected to the broker: ${command.command} was not sent`);
      }
      const correlationId = randomUUID();
      const responseTopic = agentTopic(tenantId, agentId, 'responses');
      const request: AgentCommandRequest = { correlationId, responseTopic, expiresAt: Date.now() + timeoutMs, request: command };
      const answer = new Promise<AgentCommandResponse>((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(correlationId);
          reject(new FacilFlowError('UNAVAILABLE', `Agent ${agentId} did not answer ${command.command} within ${timeoutMs} ms (offline?)`));
        }, timeoutMs);
        pending.set(correlationId, {
          tenantId,
          agentId,
          resolve: (response) => {
            clearTimeout(timer);
            resolve(response);
          },
        });
      });
      await client.publishAsync(agentTopic(tenantId, agentId, 'commands'), JSON.stringify(request), {
        qos: 1,
        ...(options.protocolVersion === 5 ? { properties: { responseTopic, correlationData: Buffer.from(correlationId) } } : {}),
      });
      return answer;
    },
    async close() {
      for (const [id, waiting] of pending) {
        pending.delete(id);
        waiting.resolve({ correlationId: id, ok: false, error: 'FacilFlow is shutting down' });
      }
      await client.endAsync();
    },
  };
}

import { randomUUID } from 'node:crypto';
import { clearTimeout, setTimeout } from 'node:timers';
import { FacilFlowError, isTopicId, type AgentTopicKind } from '@facilflow/contracts';
import type { MqttClient } from 'mqtt';
import { consoleLog, errorMessage, type MessagingLog } from '../log.ts';
import { AGENT_PUBLISH_KINDS, AGENT_SUBSCRIBE_KINDS } from './agent-acl.ts';
import { connectMqtt, describeMqttUrl } from './connect.ts';
import { agentTopic } from '@facilflow/contracts';

const COMMAND_TOPIC = '$CONTROL/dynamic-security/v1';
const RESPONSE_TOPIC = `${COMMAND_TOPIC}/response`;

export interface MosquittoDynsecOptions {
  /** The Mosquitto broker running the dynamic-security plugin, e.g. mqtt://127.0.0.1:1883. */
  url: string;
  /** A dynsec client with the admin role (publish and subscribe on $CONTROL/dynamic-security/#). */
  username: string;
  password: string;
  /** How long to wait for the plugin's answer; none comes when the plugin is not loaded. Default 10 s. */
  responseTimeoutMs?: number;
  log?: MessagingLog;
}

/** Broker-side credentials for agents and services on Mosquitto (the at-scale broker). */
export interface MosquittoDynsec {
  /** A role with the agent ACL and a client `agentId` (username and client id) holding it. */
  createAgent(agent: { tenantId: string; agentId: string; password: string }): Promise<void>;
  /** Disconnects the agent at once and deletes its client and role; a no-op when it does not exist. */
  revokeAgent(agent: { tenantId: string; agentId: string }): Promise<void>;
  /** A client for a platform service (ingest, the server): any ff/v1 topic and shared subscriptions of them. */
  createServiceClient(service: { name: string; password: string }): Promise<void>;
  close(): Promise<void>;
}

export type DynsecAclType = 'publishClientSend' | 'publishClientReceive' | 'subscribeLiteral' | 'subscribePattern' | 'unsubscribeLiteral' | 'unsubscribePattern';

export interface DynsecAcl {
  acltype: DynsecAclType;
  topic: string;
  allow: boolean;
}

type DynsecCommand = { command: string } & Record<string, unknown>;

interface DynsecResponse {
  command: string;
  error?: string;
  data?: unknown;
  correlationData?: string;
}

export function agentRoleName(tenantId: string, agentId: string): string {
  return `agent_${tenantId}_${agentId}`;
}

export function serviceRoleName(name: string): string {
  return `service_${name}`;
}

/**
 * The agent ACL of agent-acl.ts as dynsec rules. `+` in a subscribePattern rule admits
 * the subscriptions `kind/x` and `kind/+` but not `kind/#` (Mosquitto checks that the
 * filter is contained in the rule), the same as the embedded broker. Everything not
 * listed falls to the plugin's defaults: publish and subscribe denied.
 */
export function agentDynsecAcls(tenantId: string, agentId: string): DynsecAcl[] {
  const rules = (acltype: DynsecAclType, kinds: readonly AgentTopicKind[]): DynsecAcl[] =>
    kinds.flatMap((kind) => {
      const topic = agentTopic(tenantId, agentId, kind);
      return [
        { acltype, topic, allow: true },
        { acltype, topic: `${topic}/+`, allow: true },
      ];
    });
  return [...rules('publishClientSend', AGENT_PUBLISH_KINDS), ...rules('subscribePattern', AGENT_SUBSCRIBE_KINDS)];
}

/**
 * Services get the platform namespace, not `#`: with `subscribePattern #` Mosquitto
 * 2.0.11 also grants `$CONTROL/dynamic-security/#`, which would let a service read every
 * dynsec command, passwords included. Shared subscriptions are checked with their
 * `$share/<group>/` prefix, hence the second subscribe rule.
 */
export const SERVICE_DYNSEC_ACLS: readonly DynsecAcl[] = [
  { acltype: 'publishClientSend', topic: 'ff/v1/#', allow: true },
  { acltype: 'subscribePattern', topic: 'ff/v1/#', allow: true },
  { acltype: 'subscribePattern', topic: '$share/+/ff/v1/#', allow: true },
];

function failure(response: DynsecResponse): FacilFlowError {
  const message = `Mosquitto dynsec ${response.command} failed: ${response.error}`;
  if (response.error?.includes('already exists')) return new FacilFlowError('CONFLICT', message);
  if (response.error?.includes('not found')) return new FacilFlowError('NOT_FOUND', message);
  return new FacilFlowError('INTERNAL', message);
}

function expectOk(responses: DynsecResponse[], tolerated: readonly string[] = []): void {
  const failed = responses.find((r) => r.error !== undefined && !tolerated.includes(r.error));
  if (failed) throw failure(failed);
}

function rolesOf(response: DynsecResponse): string[] {
  const client = (response.data as { client?: { roles?: { rolename?: unknown }[] } } | undefined)?.client;
  return (client?.roles ?? []).map((role) => String(role.rolename));
}

/**
 * An admin client of the Mosquitto dynamic-security plugin over MQTT 5. Commands go to
 * `$CONTROL/dynamic-security/v1`; the plugin answers every batch on `.../response`, to every
 * admin subscribed there, echoing each command's `correlationData` field (2.0.11 does not
 * echo the MQTT 5 packet property). A random per-batch correlation id is how answers find
 * their callers, even with several server nodes administering one broker.
 */
export async function createMosquittoDynsec(options: MosquittoDynsecOptions): Promise<MosquittoDynsec> {
  const log = options.log ?? consoleLog;
  const timeoutMs = options.responseTimeoutMs ?? 10_000;
  const where = describeMqttUrl(options.url);
  const client: MqttClient = await connectMqtt(
    options.url,
    'dynsec admin',
    { protocolVersion: 5, username: options.username, password: options.password, clientId: `ff_dynsec_${randomUUID()}`, clean: true },
    log,
  );
  const pending = new Map<string, (response: DynsecResponse) => void>();
  client.on('message', (topic, payload) => {
    if (topic !== RESPONSE_TOPIC) return;
    try {
      const { responses } = JSON.parse(payload.toString('utf8')) as { responses?: DynsecResponse[] };
      for (const response of responses ?? []) {
        const settle = response.correlationData === undefined ? undefined : pending.get(response.correlationData);
        settle?.(response);
      }
    } catch (error) {
      log.warn('unreadable Mosquitto dynsec response', { broker: where, error: errorMessage(error) });
    }
  });
  try {
    await client.subscribeAsync(RESPONSE_TOPIC, { qos: 1 });
  } catch (cause) {
    await client.endAsync(true);
    throw new FacilFlowError('UNAVAILABLE', `Mosquitto at ${where} refused the dynsec response subscription for "${options.username}": ${errorMessage(cause)}`);
  }

  /** Sends one batch; the plugin runs its commands in order and does not stop at a failure. */
  async function run(commands: DynsecCommand[]): Promise<DynsecResponse[]> {
    const batch = randomUUID();
    const correlated = commands.map((command, index) => ({ ...command, correlationData: `${batch}:${index}` }));
    let timer: ReturnType<typeof setTimeout> | undefined;
    const answers = correlated.map((command) => new Promise<DynsecResponse>((resolve) => pending.set(command.correlationData, resolve)));
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new FacilFlowError(
              'UNAVAILABLE',
              `no answer from the Mosquitto dynamic-security plugin at ${where} within ${timeoutMs} ms: is the plugin loaded and may "${options.username}" use ${COMMAND_TOPIC}?`,
            ),
          ),
        timeoutMs,
      );
    });
    try {
      await client.publishAsync(COMMAND_TOPIC, JSON.stringify({ commands: correlated }), { qos: 1 });
      return await Promise.race([Promise.all(answers), timeout]);
    } finally {
      clearTimeout(timer);
      for (const command of correlated) pending.delete(command.correlationData);
    }
  }

  async function runOne(command: DynsecCommand): Promise<DynsecResponse> {
    const [response] = await run([command]);
    if (!response) throw new FacilFlowError('INTERNAL', `Mosquitto dynsec gave no answer to ${command.command}`);
    return response;
  }

  /**
   * The plugin runs a batch to the end even after a failure, so the client is created only
   * once its role is known to be freshly made (never attached to a role that already
   * existed), and the role is removed again if the client cannot be created.
   */
  async function createClientWithRole(rolename: string, acls: readonly DynsecAcl[], newClient: { username: string; password: string; clientid?: string }): Promise<void> {
    expectOk([await runOne({ command: 'createRole', rolename, acls })]);
    const created = await runOne({ command: 'createClient', ...newClient, roles: [{ rolename }] });
    if (created.error === undefined) return;
    await runOne({ command: 'deleteRole', rolename });
    throw failure(created);
  }

  return {
    async createAgent({ tenantId, agentId, password }) {
      if (password.length === 0) throw new FacilFlowError('INVALID', 'an agent password must not be empty');
      await createClientWithRole(agentRoleName(tenantId, agentId), agentDynsecAcls(tenantId, agentId), { username: agentId, password, clientid: agentId });
    },

    async revokeAgent({ tenantId, agentId }) {
      if (!isTopicId(tenantId) || !isTopicId(agentId)) throw new FacilFlowError('INVALID', `"${tenantId}"/"${agentId}" is not a valid agent`);
      const rolename = agentRoleName(tenantId, agentId);
      const found = await runOne({ command: 'getClient', username: agentId });
      if (found.error === 'Client not found') return;
      expectOk([found]);
      // Usernames are global on the broker: only revoke the client if it holds this tenant's role.
      if (!rolesOf(found).includes(rolename)) {
        throw new FacilFlowError('FORBIDDEN', `broker client "${agentId}" is not the agent "${agentId}" of tenant "${tenantId}"`);
      }
      // Mosquitto 2.0.11 disconnects a connected client on disableClient and on deleteClient
      // (DISCONNECT 0x98, administrative action). Disabling first means that even if the
      // delete failed, the credentials no longer connect.
      expectOk(
        await run([
          { command: 'disableClient', username: agentId },
          { command: 'deleteClient', username: agentId },
          { command: 'deleteRole', rolename },
        ]),
        ['Client not found', 'Role not found'],
      );
    },

    async createServiceClient({ name, password }) {
      if (!isTopicId(name)) throw new FacilFlowError('INVALID', `service name "${name}" must match ^[a-z0-9_]+$`);
      if (password.length === 0) throw new FacilFlowError('INVALID', 'a service password must not be empty');
      await createClientWithRole(serviceRoleName(name), SERVICE_DYNSEC_ACLS, { username: name, password });
    },

    async close() {
      await client.endAsync();
    },
  };
}

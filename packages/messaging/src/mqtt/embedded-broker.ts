import { createServer, type Socket } from 'node:net';
import { Aedes, type AuthErrorCode, type AuthenticateError, type Client } from 'aedes';
import { consoleLog, errorMessage, type MessagingLog } from '../log.ts';
import { agentMayPublish, agentMaySubscribe } from './agent-acl.ts';
import type { BrokerPrincipal } from './principal.ts';
import { parseAgentTopic } from '@facilflow/contracts';

/** A telemetry publish of an agent, handed to same-process ingest before the agent gets its PUBACK. */
export interface AgentTelemetry {
  tenantId: string;
  agentId: string;
  topic: string;
  subtopic: string | null;
  payload: Buffer;
  qos: 0 | 1 | 2;
}

export interface EmbeddedBrokerOptions {
  /** Default 127.0.0.1: the embedded broker is for one machine unless deliberately exposed. */
  host?: string;
  /** 0 (default) takes a free port; read the chosen one from `port`/`url`. */
  port?: number;
  /** Maps CONNECT credentials to a principal; null refuses the connection. */
  authenticate(clientId: string, username: string | undefined, password: string | undefined): Promise<BrokerPrincipal | null>;
  /**
   * In-process ingest. Runs inside aedes' publish authorization, i.e. before aedes writes
   * the PUBACK, so the agent's QoS 1 telemetry is acknowledged only once this resolves
   * (the durable write). A rejection disconnects the agent without PUBACK and the agent
   * re-sends from its buffer after reconnecting. Packets of one socket read are handled
   * concurrently, and aedes reads no more from that socket until they are all done.
   */
  onAgentTelemetry?: (telemetry: AgentTelemetry) => Promise<void>;
  log?: MessagingLog;
}

export interface EmbeddedBroker {
  host: string;
  port: number;
  /** mqtt://host:port, for clients in this process or on this machine. */
  url: string;
  /** Drops the connection of that agent, if connected (revocation); true when one was dropped. */
  disconnect(tenantId: string, agentId: string): boolean;
  /** Whether that agent of that tenant holds a connection right now. */
  isConnected(tenantId: string, agentId: string): boolean;
  close(): Promise<void>;
}

// aedes answers MQTT 3.1.1 CONNACK return codes; its const enum is type-only here.
const IDENTIFIER_REJECTED: AuthErrorCode = 2;
const SERVER_UNAVAILABLE: AuthErrorCode = 3;
const BAD_USERNAME_OR_PASSWORD: AuthErrorCode = 4;

function authError(message: string, returnCode: AuthErrorCode): AuthenticateError {
  return Object.assign(new Error(message), { returnCode });
}

function principalFields(principal: BrokerPrincipal): Record<string, string> {
  return principal.kind === 'agent' ? { tenantId: principal.tenantId, agentId: principal.agentId } : { service: principal.name };
}

function samePrincipal(a: BrokerPrincipal, b: BrokerPrincipal): boolean {
  if (a.kind === 'agent' && b.kind === 'agent') return a.tenantId === b.tenantId && a.agentId === b.agentId;
  return a.kind === 'service' && b.kind === 'service' && a.name === b.name;
}

/**
 * The embedded MQTT broker (aedes, MQTT 3.1.1 only) with per-agent authentication and the
 * agent topic ACL. aedes keeps sessions in memory: persistent sessions survive a client
 * reconnect, not a broker restart.
 *
 * What aedes does with a refusal: a refused CONNECT gets a CONNACK with the return code and
 * the socket is closed; a refused PUBLISH gets no PUBACK and the connection is closed (MQTT
 * 3.1.1 has no negative PUBACK; aedes emits `clientError` and drops the client); a refused
 * SUBSCRIBE gets SUBACK 0x80 for that filter and the connection stays open.
 */
export async function startEmbeddedBroker(options: EmbeddedBrokerOptions): Promise<EmbeddedBroker> {
  const log = options.log ?? consoleLog;
  const host = options.host ?? '127.0.0.1';
  const principals = new WeakMap<Client, BrokerPrincipal>();
  const connected = new Map<string, Client>();
  // Errors this module handed to aedes were already logged with their reason.
  const refusals = new WeakSet<Error>();

  function refuse(message: string, details: Record<string, unknown>, level: keyof MessagingLog = 'warn'): Error {
    log[level](message, details);
    const error = new Error(`${message}: ${String(details.reason)}`);
    refusals.add(error);
    return error;
  }

  const broker = await Aedes.createBroker({
    authenticate(client, username, password, done) {
      const clientId = client.id;
      options.authenticate(clientId, username, password?.toString('utf8')).then(
        (principal) => {
          const refused = (reason: string, code: AuthErrorCode): void => {
            log.warn('mqtt connection refused', { clientId, username, reason });
            const error = authError(reason, code);
            refusals.add(error);
            done(error, null);
          };
          if (!principal) return refused('unknown username or wrong password', BAD_USERNAME_OR_PASSWORD);
          if (principal.kind === 'agent') {
            if (clientId !== principal.agentId) return refused(`client id "${clientId}" must equal the agent id "${principal.agentId}"`, IDENTIFIER_REJECTED);
            // A same-id CONNECT takes the session over (MQTT-3.1.4-2); never let one tenant's agent kick another's.
            const holder = connected.get(clientId);
            const holderPrincipal = holder && principals.get(holder);
            if (holderPrincipal && !samePrincipal(holderPrincipal, principal)) {
              return refused(`client id "${clientId}" is in use by another principal`, IDENTIFIER_REJECTED);
            }
          }
          principals.set(client, principal);
          done(null, true);
        },
        (error: unknown) => {
          log.error('mqtt authentication failed', { clientId, username, error: errorMessage(error) });
          done(authError('authentication is unavailable', SERVER_UNAVAILABLE), null);
        },
      );
    },

    authorizePublish(client, packet, callback) {
      const topic = packet.topic;
      // client is null only for a will aedes publishes on behalf of a session it no longer knows.
      const principal = client ? principals.get(client) : undefined;
      if (!client || !principal) return callback(refuse('mqtt publish refused', { clientId: client?.id, topic, reason: 'no authenticated principal' }));
      if (topic.startsWith('$SYS/')) return callback(refuse('mqtt publish refused', { clientId: client.id, topic, reason: '$SYS/ is reserved to the broker' }));
      if (principal.kind === 'service') return callback(null);
      const decision = agentMayPublish(principal, topic);
      if (!decision.allowed) return callback(refuse('mqtt publish refused', { clientId: client.id, ...principalFields(principal), topic, reason: decision.reason }));
      const parsed = parseAgentTopic(topic);
      const onAgentTelemetry = options.onAgentTelemetry;
      if (!onAgentTelemetry || parsed?.kind !== 'telemetry') return callback(null);
      const telemetry: AgentTelemetry = {
        tenantId: parsed.tenantId,
        agentId: parsed.agentId,
        topic,
        subtopic: parsed.subtopic,
        payload: typeof packet.payload === 'string' ? Buffer.from(packet.payload) : packet.payload,
        qos: packet.qos,
      };
      Promise.resolve()
        .then(() => onAgentTelemetry(telemetry))
        .then(
          () => callback(null),
          (error: unknown) =>
            callback(
              refuse(
                'in-process telemetry handler failed; agent disconnected without PUBACK so it re-sends',
                { clientId: client.id, ...principalFields(principal), topic, reason: errorMessage(error) },
                'error',
              ),
            ),
        );
    },

    authorizeSubscribe(client, subscription, callback) {
      const principal = principals.get(client);
      if (principal?.kind === 'service') return callback(null, subscription);
      const decision = principal ? agentMaySubscribe(principal, subscription.topic) : { allowed: false as const, reason: 'no authenticated principal' };
      if (decision.allowed) return callback(null, subscription);
      log.warn('mqtt subscribe refused', { clientId: client.id, ...(principal ? principalFields(principal) : {}), filter: subscription.topic, reason: decision.reason });
      callback(null, null);
    },
  });

  broker.on('client', (client) => connected.set(client.id, client));
  broker.on('clientDisconnect', (client) => {
    if (connected.get(client.id) === client) connected.delete(client.id);
  });
  broker.on('clientError', (client, error) => {
    if (!refusals.has(error)) log.warn('mqtt client error', { clientId: client.id, error: error.message });
  });

  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    broker.handle(socket);
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    // aedes runs heartbeat timers from creation on; a port that cannot be taken must not leave them behind.
    await new Promise<void>((resolve) => broker.close(() => resolve()));
    throw new Error(`the embedded MQTT broker cannot listen on ${host}:${options.port ?? 0}: ${errorMessage(error)}`, { cause: error });
  }
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the embedded MQTT broker has no TCP address');
  const port = address.port;

  return {
    host,
    port,
    url: `mqtt://${host}:${port}`,
    isConnected(tenantId, agentId) {
      const client = connected.get(agentId);
      const principal = client && principals.get(client);
      return principal?.kind === 'agent' && principal.tenantId === tenantId;
    },
    disconnect(tenantId, agentId) {
      const client = connected.get(agentId);
      const principal = client && principals.get(client);
      if (!client || principal?.kind !== 'agent' || principal.tenantId !== tenantId) return false;
      log.warn('mqtt agent disconnected by the server', { clientId: client.id, tenantId, agentId });
      client.close();
      return true;
    },
    async close() {
      const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      // Sockets that never completed CONNECT are not aedes clients; they would hold server.close open.
      for (const socket of sockets) socket.destroy();
      await serverClosed;
    },
  };
}

import { randomBytes } from 'node:crypto';
import type { Config } from '@facilflow/config';
import {
  createMosquittoDynsec,
  createMqttAgentControl,
  startEmbeddedBroker,
  type AgentTelemetry,
  type EmbeddedBroker,
  type MqttAgentControl,
} from '@facilflow/messaging';
import { recordAgentReport, verifyAgentCredentials, type Services } from '@facilflow/core';

export type TelemetryHandler = (telemetry: AgentTelemetry) => Promise<void>;

export interface EdgeMessaging {
  control: MqttAgentControl;
  /** The embedded broker, when no external one is configured. */
  broker: EmbeddedBroker | null;
  /** Where the ingest role receives agents' telemetry on the embedded broker, before the PUBACK. */
  setTelemetryHandler(handler: TelemetryHandler | null): void;
  close(): Promise<void>;
}

const SERVICE_USER = 'facilflow-service';

/**
 * The MQTT side of the platform: the embedded aedes broker (agents checked against the
 * database) or an external MQTT 5 broker governed through Mosquitto's dynamic security.
 * `services` is read late because broker callbacks need the services this is part of.
 */
export async function createEdgeMessaging(config: Config, services: () => Services): Promise<EdgeMessaging> {
  const clientId = `facilflow_control_${randomBytes(4).toString('hex')}`;
  const onReport = (tenantId: string, agentId: string, kind: 'status' | 'heartbeat', payload: unknown) =>
    recordAgentReport(services(), tenantId, agentId, kind, payload).then(() => undefined);

  if (config.mqtt.kind === 'external') {
    const { url, service, admin, publicUrl } = config.mqtt;
    const dynsec = await createMosquittoDynsec({ url, username: admin.username, password: admin.password });
    const control = await createMqttAgentControl({
      url,
      ...service,
      clientId,
      protocolVersion: 5,
      agentBrokerUrl: publicUrl ?? url,
      provision: (tenantId, agentId, password) => dynsec.createAgent({ tenantId, agentId, password }),
      revoke: (tenantId, agentId) => dynsec.revokeAgent({ tenantId, agentId }),
      onReport,
    });
    return {
      control,
      broker: null,
      setTelemetryHandler: () => {
        throw new Error('With an external broker, ingest subscribes through connectIngress');
      },
      async close() {
        await control.close();
        await dynsec.close();
      },
    };
  }

  // The platform's own connections use a password that exists only in this process.
  const servicePassword = randomBytes(32).toString('base64url');
  let telemetryHandler: TelemetryHandler | null = null;
  const broker = await startEmbeddedBroker({
    host: config.mqtt.host,
    port: config.mqtt.port,
    async authenticate(connectingId, username, password) {
      if (username === SERVICE_USER) return password === servicePassword ? { kind: 'service', name: connectingId } : null;
      const agent = await verifyAgentCredentials(services(), username, password);
      return agent && agent.agentId === connectingId ? { kind: 'agent', ...agent } : null;
    },
    // Until ingest is attached (or with none in this process), telemetry is refused rather than
    // acknowledged unstored: no PUBACK, the agent keeps it and sends it again.
    onAgentTelemetry: (telemetry) =>
      telemetryHandler ? telemetryHandler(telemetry) : Promise.reject(new Error('ingest is not attached to this broker yet')),
  });
  const control = await createMqttAgentControl({
    url: broker.url,
    username: SERVICE_USER,
    password: servicePassword,
    clientId,
    protocolVersion: 4,
    agentBrokerUrl: config.mqtt.publicUrl ?? broker.url,
    provision: async () => undefined,
    revoke: async (tenantId, agentId) => {
      broker.disconnect(tenantId, agentId);
    },
    isConnected: (tenantId, agentId) => broker.isConnected(tenantId, agentId),
    onReport,
  });
  return {
    control,
    broker,
    setTelemetryHandler: (handler) => {
      telemetryHandler = handler;
    },
    async close() {
      await control.close();
      await broker.close();
    },
  };
}

import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentTopic } from '../../src/index.ts';
import { Inbox } from '../support/inbox.ts';
import { closed, connectClient, connectOutcome, publishOutcome, trySubscribe, type ClientCredentials } from '../support/mqtt-clients.ts';

/** A broker with agent credentials and topic ACLs, as the platform configures it. */
export interface AclBrokerUnderTest {
  url: string;
  /** MQTT version agents use on this broker: 4 on aedes (3.1.1 only), 5 on Mosquitto. */
  protocolVersion: 4 | 5;
  addAgent(tenantId: string, agentId: string): Promise<ClientCredentials>;
  /** Credentials of a service principal (the server), allowed everything. */
  service: ClientCredentials;
  revokeAgent(tenantId: string, agentId: string): Promise<void>;
  stop(): Promise<void>;
}

let agents = 0;
/** Agent ids are global on a broker (they are MQTT client ids), so every test takes new ones. */
const newAgentId = (): string => `agent_${++agents}`;
let services = 0;
const newServiceClientId = (): string => `service_client_${++services}`;

/**
 * What both brokers must enforce: an agent of tenant A can neither publish nor subscribe
 * under tenant B or under another agent, wrong credentials are refused, and a revoked
 * agent is disconnected at once and cannot come back.
 */
export function describeAgentAclContract(name: string, start: () => Promise<AclBrokerUnderTest>): void {
  describe(`agent ACL: ${name}`, () => {
    let broker: AclBrokerUnderTest;
    let watcher: MqttClient;
    const seen = new Inbox<{ topic: string; payload: string }>();

    beforeAll(async () => {
      broker = await start();
      watcher = await connectClient(broker.url, { ...broker.service, clientId: newServiceClientId() }, { protocolVersion: broker.protocolVersion });
      watcher.on('message', (topic, payload) => seen.push({ topic, payload: payload.toString() }));
      expect(await trySubscribe(watcher, 'ff/v1/#')).toBe('granted');
    });

    afterAll(async () => {
      await watcher?.endAsync(true);
      await broker?.stop();
    });

    const connectAgent = (credentials: ClientCredentials): Promise<MqttClient> => connectClient(broker.url, credentials, { protocolVersion: broker.protocolVersion });

    /**
     * Asserts a refused publish never reached a subscriber: the service then publishes a
     * marker on the same topic, and the watcher must see the marker without the refused
     * payload before it (the broker routes one topic's messages in order).
     */
    async function expectNotDelivered(topic: string, payload: string): Promise<void> {
      const marker = `marker-${payload}`;
      const service = await connectClient(broker.url, { ...broker.service, clientId: newServiceClientId() }, { protocolVersion: broker.protocolVersion });
      await service.publishAsync(topic, marker, { qos: 1 });
      await service.endAsync();
      await seen.find((m) => m.payload === marker);
      expect(seen.items.filter((m) => m.payload === payload)).toEqual([]);
    }

    it('lets an agent publish its own telemetry, status, heartbeat and responses', async () => {
      const agentId = newAgentId();
      const agent = await connectAgent(await broker.addAgent('tenant_a', agentId));
      const topics = [
        agentTopic('tenant_a', agentId, 'telemetry'),
        agentTopic('tenant_a', agentId, 'telemetry', 'lp'),
        agentTopic('tenant_a', agentId, 'status'),
        agentTopic('tenant_a', agentId, 'heartbeat'),
        agentTopic('tenant_a', agentId, 'responses'),
      ];
      for (const topic of topics) expect(await publishOutcome(agent, topic, `own ${topic}`)).toBe('acked');
      for (const topic of topics) await seen.find((m) => m.topic === topic && m.payload === `own ${topic}`);
      await agent.endAsync();
    });

    it("refuses an agent's publish under another tenant, another agent, or its own config and commands", async () => {
      const agentId = newAgentId();
      const other = newAgentId();
      const credentials = await broker.addAgent('tenant_a', agentId);
      await broker.addAgent('tenant_a', other);
      const forbidden = [
        agentTopic('tenant_b', agentId, 'telemetry'),
        agentTopic('tenant_b', other, 'status'),
        agentTopic('tenant_a', other, 'telemetry'),
        agentTopic('tenant_a', other, 'responses'),
        agentTopic('tenant_a', agentId, 'config'),
        agentTopic('tenant_a', agentId, 'commands'),
        `${agentTopic('tenant_a', agentId, 'telemetry')}/deeper/still`,
        'ff/v1/tenant_a/other',
      ];
      for (const [index, topic] of forbidden.entries()) {
        const agent = await connectAgent(credentials);
        const payload = `forbidden-${agentId}-${index}`;
        // MQTT 5 answers PUBACK 0x87; MQTT 3.1.1 has no negative PUBACK, so aedes drops the connection.
        expect(await publishOutcome(agent, topic, payload)).toBe(broker.protocolVersion === 5 ? 'refused' : 'disconnected');
        await agent.endAsync(true);
        await expectNotDelivered(topic, payload);
      }
    });

    it("refuses an agent's subscriptions outside its own config and commands", async () => {
      const agentId = newAgentId();
      const other = newAgentId();
      const agent = await connectAgent(await broker.addAgent('tenant_a', agentId));
      const own = (kind: 'config' | 'commands' | 'telemetry'): string => agentTopic('tenant_a', agentId, kind);
      const refused = [
        agentTopic('tenant_b', agentId, 'commands'),
        agentTopic('tenant_a', other, 'commands'),
        agentTopic('tenant_a', other, 'config'),
        'ff/v1/+/agents/+/commands',
        `ff/v1/tenant_a/agents/${agentId}/+`,
        'ff/v1/tenant_a/#',
        own('telemetry'),
        `${own('commands')}/#`,
        '#',
      ];
      for (const filter of refused) expect(await trySubscribe(agent, filter), filter).toBe('refused');
      for (const filter of [own('config'), own('commands'), `${own('commands')}/+`, `${own('config')}/site`]) {
        expect(await trySubscribe(agent, filter), filter).toBe('granted');
      }
      await agent.endAsync();
    });

    it('delivers commands to the agent they are addressed to, not to others', async () => {
      const agentId = newAgentId();
      const other = newAgentId();
      const agent = await connectAgent(await broker.addAgent('tenant_a', agentId));
      const otherAgent = await connectAgent(await broker.addAgent('tenant_a', other));
      const received = new Inbox<string>();
      agent.on('message', (_topic, payload) => received.push(payload.toString()));
      otherAgent.on('message', (_topic, payload) => received.push(`wrong agent: ${payload.toString()}`));
      await agent.subscribeAsync(agentTopic('tenant_a', agentId, 'commands'), { qos: 1 });
      await otherAgent.subscribeAsync(agentTopic('tenant_a', other, 'commands'), { qos: 1 });
      const service = await connectClient(broker.url, { ...broker.service, clientId: newServiceClientId() }, { protocolVersion: broker.protocolVersion });
      await service.publishAsync(agentTopic('tenant_a', agentId, 'commands'), 'restart', { qos: 1 });
      expect(await received.take(1)).toEqual(['restart']);
      await Promise.all([service.endAsync(), agent.endAsync(), otherAgent.endAsync()]);
    });

    it('refuses a wrong password, an unknown user and a client id other than the agent id', async () => {
      const agentId = newAgentId();
      const credentials = await broker.addAgent('tenant_a', agentId);
      const options = { protocolVersion: broker.protocolVersion };
      expect(await connectOutcome(broker.url, credentials, options)).toBe('connected');
      expect(await connectOutcome(broker.url, { ...credentials, password: `${credentials.password}x` }, options)).toBe('refused');
      expect(await connectOutcome(broker.url, { ...credentials, username: 'nobody' }, options)).toBe('refused');
      expect(await connectOutcome(broker.url, { ...credentials, clientId: newAgentId() }, options)).toBe('refused');
    });

    it('disconnects a revoked agent at once and refuses it afterwards', async () => {
      const agentId = newAgentId();
      const credentials = await broker.addAgent('tenant_a', agentId);
      const agent = await connectAgent(credentials);
      const gone = closed(agent);
      await broker.revokeAgent('tenant_a', agentId);
      await gone;
      expect(agent.connected).toBe(false);
      expect(await connectOutcome(broker.url, credentials, { protocolVersion: broker.protocolVersion })).toBe('refused');
      await agent.endAsync(true);
    });
  });
}

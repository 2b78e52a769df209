import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { agentTopic, startEmbeddedBroker, type AgentTelemetry, type BrokerPrincipal, type EmbeddedBroker, type EmbeddedBrokerOptions } from '../../src/index.ts';
import { deferred } from '../support/deferred.ts';
import { Inbox } from '../support/inbox.ts';
import { closed, connectClient, connectOutcome, publishOutcome, trySubscribe, type ClientCredentials } from '../support/mqtt-clients.ts';
import { recordingLog } from '../support/recording-log.ts';
import { describeAgentAclContract } from './agent-acl.contract.ts';
import { describeIngressContract } from './ingress.contract.ts';

/** What the server keeps for the embedded broker: username → password and principal. */
function credentialStore() {
  const entries = new Map<string, { password: string; principal: BrokerPrincipal }>();
  const service: ClientCredentials = { clientId: 'server', username: 'server', password: randomBytes(8).toString('hex') };
  entries.set(service.username, { password: service.password, principal: { kind: 'service', name: 'server' } });
  return {
    service,
    authenticate: async (_clientId: string, username: string | undefined, password: string | undefined): Promise<BrokerPrincipal | null> => {
      const entry = username === undefined ? undefined : entries.get(username);
      return entry && entry.password === password ? entry.principal : null;
    },
    addService(name: string): ClientCredentials {
      const credentials = { clientId: name, username: name, password: randomBytes(8).toString('hex') };
      entries.set(name, { password: credentials.password, principal: { kind: 'service', name } });
      return credentials;
    },
    addAgent(tenantId: string, agentId: string): ClientCredentials {
      const credentials = { clientId: agentId, username: `${tenantId}.${agentId}`, password: randomBytes(8).toString('hex') };
      entries.set(credentials.username, { password: credentials.password, principal: { kind: 'agent', tenantId, agentId } });
      return credentials;
    },
    remove(tenantId: string, agentId: string): void {
      entries.delete(`${tenantId}.${agentId}`);
    },
  };
}

describeAgentAclContract('embedded aedes', async () => {
  const store = credentialStore();
  const broker = await startEmbeddedBroker({ port: 0, authenticate: store.authenticate, log: recordingLog() });
  return {
    url: broker.url,
    protocolVersion: 4,
    service: store.service,
    addAgent: async (tenantId, agentId) => store.addAgent(tenantId, agentId),
    revokeAgent: async (tenantId, agentId) => {
      // Revocation on the embedded broker: forget the credentials, then kick the live connection.
      store.remove(tenantId, agentId);
      expect(broker.disconnect(tenantId, agentId)).toBe(true);
    },
    stop: () => broker.close(),
  };
});

describeIngressContract('embedded aedes (MQTT 3.1.1, plain subscription)', async () => {
  const store = credentialStore();
  const broker = await startEmbeddedBroker({ port: 0, authenticate: store.authenticate, log: recordingLog() });
  return {
    url: broker.url,
    protocolVersion: 4,
    shared: false,
    ingest: store.addService('ingest'),
    addAgent: async (tenantId, agentId) => store.addAgent(tenantId, agentId),
    stop: () => broker.close(),
  };
});

describe('embedded broker', () => {
  let broker: EmbeddedBroker | undefined;
  afterEach(async () => {
    await broker?.close();
    broker = undefined;
  });

  async function start(options: Partial<EmbeddedBrokerOptions> = {}) {
    const store = credentialStore();
    const log = recordingLog();
    broker = await startEmbeddedBroker({ port: 0, authenticate: store.authenticate, log, ...options });
    return { broker, store, log };
  }

  it('listens on 127.0.0.1 on a free port by default', async () => {
    const { broker } = await start();
    expect(broker.host).toBe('127.0.0.1');
    expect(broker.port).toBeGreaterThan(0);
    expect(broker.url).toBe(`mqtt://127.0.0.1:${broker.port}`);
  });

  it('fails to start with a clear error when the port is taken', async () => {
    const { broker } = await start();
    await expect(startEmbeddedBroker({ port: broker.port, authenticate: async () => null, log: recordingLog() })).rejects.toThrow(
      `the embedded MQTT broker cannot listen on 127.0.0.1:${broker.port}`,
    );
  });

  it('logs every refusal with its reason', async () => {
    const { broker, store, log } = await start();
    const credentials = store.addAgent('tenant_a', 'pump_1');
    expect(await connectOutcome(broker.url, { ...credentials, password: 'wrong' })).toBe('refused');
    const agent = await connectClient(broker.url, credentials);
    expect(await trySubscribe(agent, agentTopic('tenant_b', 'pump_1', 'commands'))).toBe('refused');
    expect(await publishOutcome(agent, agentTopic('tenant_b', 'pump_1', 'telemetry'), 'x')).toBe('disconnected');
    await agent.endAsync(true);

    const refusals = log.entries.items.filter((entry) => entry.level === 'warn');
    expect(refusals).toEqual([
      expect.objectContaining({ message: 'mqtt connection refused', details: expect.objectContaining({ clientId: 'pump_1', reason: 'unknown username or wrong password' }) }),
      expect.objectContaining({
        message: 'mqtt subscribe refused',
        details: expect.objectContaining({ tenantId: 'tenant_a', agentId: 'pump_1', reason: expect.stringContaining('belongs to tenant "tenant_b"') }),
      }),
      expect.objectContaining({
        message: 'mqtt publish refused',
        details: expect.objectContaining({ tenantId: 'tenant_a', agentId: 'pump_1', reason: expect.stringContaining('belongs to tenant "tenant_b"') }),
      }),
    ]);
  });

  it("refuses an agent whose client id is connected as another tenant's agent, and keeps that one connected", async () => {
    const { broker, store } = await start();
    const first = await connectClient(broker.url, store.addAgent('tenant_a', 'line_1'));
    expect(await connectOutcome(broker.url, store.addAgent('tenant_b', 'line_1'))).toBe('refused');
    expect(await publishOutcome(first, agentTopic('tenant_a', 'line_1', 'status'), 'still here')).toBe('acked');
    await first.endAsync();
  });

  it('lets the same agent take its own session over (a reconnect after a network loss)', async () => {
    const { broker, store } = await start();
    const credentials = store.addAgent('tenant_a', 'line_2');
    const stale = await connectClient(broker.url, credentials);
    const staleClosed = closed(stale);
    const fresh = await connectClient(broker.url, credentials);
    await staleClosed;
    expect(await publishOutcome(fresh, agentTopic('tenant_a', 'line_2', 'status'), 'back')).toBe('acked');
    await Promise.all([fresh.endAsync(), stale.endAsync(true)]);
  });

  it('disconnect() drops only the named agent of the named tenant', async () => {
    const { broker, store } = await start();
    const agent = await connectClient(broker.url, store.addAgent('tenant_a', 'line_3'));
    expect(broker.disconnect('tenant_b', 'line_3')).toBe(false);
    expect(broker.disconnect('tenant_a', 'unknown')).toBe(false);
    const gone = closed(agent);
    expect(broker.disconnect('tenant_a', 'line_3')).toBe(true);
    await gone;
    await agent.endAsync(true);
  });

  it('refuses MQTT 5 connections: aedes 1.x speaks MQTT 3.1.1 only', async () => {
    const { broker, store } = await start();
    expect(await connectOutcome(broker.url, store.addAgent('tenant_a', 'line_4'), { protocolVersion: 5 })).toBe('refused');
  });

  it('hands agent telemetry to in-process ingest and sends the PUBACK only after it resolves', async () => {
    const received = new Inbox<AgentTelemetry>();
    const durable = deferred();
    const { broker, store } = await start({
      onAgentTelemetry: (telemetry) => {
        received.push(telemetry);
        return durable.promise;
      },
    });
    const agent = await connectClient(broker.url, store.addAgent('tenant_a', 'line_5'));
    await agent.publishAsync(agentTopic('tenant_a', 'line_5', 'status'), 'online', { qos: 1, retain: true });
    let acked = false;
    const publish = agent.publishAsync(agentTopic('tenant_a', 'line_5', 'telemetry', 'lp'), 'temp value=21', { qos: 1 }).then(() => (acked = true));

    const [telemetry] = await received.take(1);
    expect(telemetry).toEqual({
      tenantId: 'tenant_a',
      agentId: 'line_5',
      topic: 'ff/v1/tenant_a/agents/line_5/telemetry/lp',
      subtopic: 'lp',
      payload: Buffer.from('temp value=21'),
      qos: 1,
    });
    // The hook has not resolved, so aedes cannot have written the PUBACK yet.
    expect(acked).toBe(false);
    durable.resolve();
    await publish;
    expect(acked).toBe(true);
    expect(received.items).toHaveLength(1);
    await agent.endAsync();
  });

  it('drops the agent without PUBACK when in-process ingest fails, and takes the resend after it reconnects', async () => {
    const calls = new Inbox<string>();
    const { broker, store, log } = await start({
      onAgentTelemetry: async (telemetry) => {
        calls.push(telemetry.payload.toString());
        if (calls.items.length === 1) throw new Error('time-series store unavailable');
      },
    });
    const agent = await connectClient(broker.url, store.addAgent('tenant_a', 'line_6'), { clean: false, reconnectPeriod: 50 });
    await agent.publishAsync(agentTopic('tenant_a', 'line_6', 'telemetry'), '{"seq":1}', { qos: 1 });
    expect(calls.items).toEqual(['{"seq":1}', '{"seq":1}']);
    expect(log.entries.items).toContainEqual(
      expect.objectContaining({ level: 'error', details: expect.objectContaining({ agentId: 'line_6', reason: 'time-series store unavailable' }) }),
    );
    await agent.endAsync();
  });
});

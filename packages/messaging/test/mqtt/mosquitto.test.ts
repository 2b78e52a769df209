import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentTopic, connectIngress, createMosquittoDynsec, type MosquittoDynsec } from '../../src/index.ts';
import { freePort } from '@facilflow/testkit/free-port';
import { Inbox } from '../support/inbox.ts';
import { startMosquitto, type MosquittoUnderTest } from '@facilflow/testkit/mosquitto';
import { connectClient, connectOutcome, publishOutcome, trySubscribe, type ClientCredentials } from '../support/mqtt-clients.ts';
import { recordingLog } from '../support/recording-log.ts';
import { describeAgentAclContract } from './agent-acl.contract.ts';
import { describeIngressContract } from './ingress.contract.ts';

const password = (): string => randomBytes(12).toString('hex');

/** Mosquitto with dynsec, an admin client of ours, and one service client. */
async function startManaged(serviceName: string) {
  const mosquitto = await startMosquitto();
  try {
    const dynsec = await createMosquittoDynsec({ url: mosquitto.url, ...mosquitto.admin, log: recordingLog() });
    const service: ClientCredentials = { clientId: serviceName, username: serviceName, password: password() };
    await dynsec.createServiceClient({ name: serviceName, password: service.password });
    const addAgent = async (tenantId: string, agentId: string): Promise<ClientCredentials> => {
      const credentials = { clientId: agentId, username: agentId, password: password() };
      await dynsec.createAgent({ tenantId, agentId, password: credentials.password });
      return credentials;
    };
    const stop = async (): Promise<void> => {
      await dynsec.close();
      await mosquitto.stop();
    };
    return { mosquitto, dynsec, service, addAgent, stop };
  } catch (error) {
    // A failed setup must not leave the process behind.
    await mosquitto.stop();
    throw new Error(`${(error as Error).message}\nmosquitto output:\n${mosquitto.output()}`, { cause: error });
  }
}

describeAgentAclContract('Mosquitto 2 + dynamic security', async () => {
  const managed = await startManaged('server');
  return {
    url: managed.mosquitto.url,
    protocolVersion: 5,
    service: managed.service,
    addAgent: managed.addAgent,
    revokeAgent: (tenantId, agentId) => managed.dynsec.revokeAgent({ tenantId, agentId }),
    stop: managed.stop,
  };
});

describeIngressContract('Mosquitto 2 (MQTT 5, shared subscription)', async () => {
  const managed = await startManaged('ingest');
  return {
    url: managed.mosquitto.url,
    protocolVersion: 5,
    shared: true,
    ingest: { username: managed.service.username, password: managed.service.password },
    addAgent: managed.addAgent,
    stop: managed.stop,
  };
});

describe('Mosquitto shared subscriptions and persistent sessions', () => {
  it("keeps assigning $share messages to an offline receiver's session, delivered when that client id returns", async () => {
    const managed = await startManaged('ingest');
    try {
      const agent = await connectClient(managed.mosquitto.url, await managed.addAgent('tenant_a', 'share_agent'), { protocolVersion: 5 });
      const received = new Inbox<{ receiver: string; payload: string }>();
      const receiver = (clientId: string) =>
        connectIngress({
          url: managed.mosquitto.url,
          username: managed.service.username,
          password: managed.service.password,
          clientId,
          shared: true,
          protocolVersion: 5,
          handler: async (_topic, payload) => received.push({ receiver: clientId, payload: payload.toString() }),
          log: recordingLog(),
        });
      const away = await receiver('ingest_0');
      await away.close();
      const present = await receiver('ingest_1');
      const batches = ['b1', 'b2', 'b3', 'b4'];
      for (const batch of batches) await agent.publishAsync(agentTopic('tenant_a', 'share_agent', 'telemetry'), batch, { qos: 1 });
      const back = await receiver('ingest_0');
      const all = await received.take(batches.length);
      expect(all.map((m) => m.payload).sort()).toEqual(batches);
      // Some batches waited for ingest_0: replicas need stable client ids, and a replica removed for good must end its session.
      expect(all.filter((m) => m.receiver === 'ingest_0').length).toBeGreaterThan(0);
      await Promise.all([back.close(), present.close(), agent.endAsync()]);
    } finally {
      await managed.stop();
    }
  });
});

describe('Mosquitto dynamic-security admin', () => {
  let mosquitto: MosquittoUnderTest;
  let dynsec: MosquittoDynsec;
  let stop: () => Promise<void>;
  let addAgent: (tenantId: string, agentId: string) => Promise<ClientCredentials>;
  let service: ClientCredentials;

  beforeAll(async () => {
    ({ mosquitto, dynsec, stop, addAgent, service } = await startManaged('server'));
  });
  afterAll(async () => {
    await stop?.();
  });

  it("refuses to create an agent whose id another tenant's agent already has", async () => {
    const credentials = await addAgent('tenant_a', 'shared_id');
    await expect(dynsec.createAgent({ tenantId: 'tenant_b', agentId: 'shared_id', password: password() })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await connectOutcome(mosquitto.url, credentials, { protocolVersion: 5 })).toBe('connected');
  });

  it("refuses to revoke another tenant's agent and leaves it connected", async () => {
    const credentials = await addAgent('tenant_a', 'kept_agent');
    const agent = await connectClient(mosquitto.url, credentials, { protocolVersion: 5 });
    await expect(dynsec.revokeAgent({ tenantId: 'tenant_b', agentId: 'kept_agent' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await publishOutcome(agent, agentTopic('tenant_a', 'kept_agent', 'status'), 'online')).toBe('acked');
    await agent.endAsync();
  });

  it('treats revoking an unknown agent as done, and lets a revoked agent id be enrolled again', async () => {
    await dynsec.revokeAgent({ tenantId: 'tenant_a', agentId: 'never_enrolled' });
    await addAgent('tenant_a', 're_enrolled');
    await dynsec.revokeAgent({ tenantId: 'tenant_a', agentId: 're_enrolled' });
    await dynsec.revokeAgent({ tenantId: 'tenant_a', agentId: 're_enrolled' });
    const again = await addAgent('tenant_a', 're_enrolled');
    expect(await connectOutcome(mosquitto.url, again, { protocolVersion: 5 })).toBe('connected');
  });

  it('refuses ids that cannot be used in topics', async () => {
    await expect(dynsec.createAgent({ tenantId: 'Tenant', agentId: 'a', password: password() })).rejects.toMatchObject({ code: 'INVALID' });
    await expect(dynsec.createAgent({ tenantId: 't', agentId: 'a/#', password: password() })).rejects.toMatchObject({ code: 'INVALID' });
    await expect(dynsec.createServiceClient({ name: 'in gest', password: password() })).rejects.toMatchObject({ code: 'INVALID' });
  });

  it('keeps service clients inside the platform namespace: no $CONTROL (dynsec passwords), no bare #', async () => {
    const client = await connectClient(mosquitto.url, { ...service, clientId: 'service_probe' }, { protocolVersion: 5 });
    expect(await trySubscribe(client, '$CONTROL/dynamic-security/#')).toBe('refused');
    expect(await trySubscribe(client, '#')).toBe('refused');
    expect(await trySubscribe(client, '$share/ingest/ff/v1/+/agents/+/telemetry/#')).toBe('granted');
    expect(await trySubscribe(client, 'ff/v1/+/agents/+/status')).toBe('granted');
    expect(await publishOutcome(client, '$CONTROL/dynamic-security/v1', '{"commands":[]}')).toBe('refused');
    await client.endAsync();
  });

  it('cannot be used with credentials that are not a dynsec admin', async () => {
    await expect(createMosquittoDynsec({ url: mosquitto.url, username: service.username, password: service.password, log: recordingLog() })).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: expect.stringContaining('refused the dynsec response subscription'),
    });
  });

  it('names the broker when nothing listens', async () => {
    const url = `mqtt://127.0.0.1:${await freePort()}`;
    await expect(createMosquittoDynsec({ url, username: 'admin', password: 'x', log: recordingLog() })).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: expect.stringContaining(`MQTT broker at ${url}`),
    });
  });

  it('fails with a clear error when the broker has no dynamic-security plugin', async () => {
    const plain = await startMosquitto({ dynamicSecurity: false });
    try {
      const admin = await createMosquittoDynsec({ url: plain.url, username: 'admin', password: 'x', responseTimeoutMs: 200, log: recordingLog() });
      await expect(admin.createServiceClient({ name: 'ingest', password: 'x' })).rejects.toMatchObject({
        code: 'UNAVAILABLE',
        message: expect.stringContaining('is the plugin loaded'),
      });
      await admin.close();
    } finally {
      await plain.stop();
    }
  });
});

import { agentCommandRequestSchema, agentTopic, enrollResponseSchema, type AgentConfig, type EnrollResponse } from '@facilflow/contracts';
import { createTestPlatform, freePort, type TestPlatform, type TestTenant } from '@facilflow/testkit';
import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type FacilFlowServer } from '../server/create-server.ts';
import { connectAgentClient } from '@facilflow/testkit/agent-client';

let t: TestPlatform;
let server: FacilFlowServer;
let plant: TestTenant;

beforeAll(async () => {
  t = await createTestPlatform({ FACILFLOW_HTTP_PORT: String(await freePort()), FACILFLOW_ROLES: 'mcp,ingest' });
  server = await createServer({ config: t.platform.config, platform: t.platform, runtime: t.runtime });
  plant = await t.createTenant('Control Plane Plant');
});
afterAll(async () => {
  await server?.close();
  await t?.close();
});

const code = (p: Promise<unknown>) => p.then(() => 'ok', (e: { code: string }) => e.code);

async function enroll(name: string): Promise<{ agentId: string; identity: EnrollResponse; token: string }> {
  const out = (await t.call(plant.ownerPrincipal, 'agents.enroll', { name })) as { agent: { id: string }; enrollmentToken: string; command: string };
  expect(out.command).toContain(out.enrollmentToken);
  const res = await fetch(`${server.url}/api/agents/enroll`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token: out.enrollmentToken, hostname: 'gateway-1', version: '0.1.0' }),
  });
  expect(res.status).toBe(200);
  return { agentId: out.agent.id, identity: enrollResponseSchema.parse(await res.json()), token: out.enrollmentToken };
}

function nextMessage(client: MqttClient, topic: string): Promise<Buffer> {
  return new Promise((resolve) => {
    const onMessage = (received: string, payload: Buffer) => {
      if (received !== topic) return;
      client.off('message', onMessage);
      resolve(payload);
    };
    client.on('message', onMessage);
  });
}

describe('agent control plane over the embedded broker', () => {
  it('enrols once: the token is refused the second time and credentials reach only the agent', async () => {
    const { identity, token, agentId } = await enroll('Line 1 gateway');
    expect(identity).toMatchObject({ tenantId: plant.tenantId, agentId, mqtt: { clientId: agentId, protocolVersion: 4 } });
    const again = await fetch(`${server.url}/api/agents/enroll`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) });
    expect(again.status).toBe(401);
    const agent = await connectAgentClient(identity);
    await agent.endAsync();
    await expect(connectAgentClient({ ...identity, mqtt: { ...identity.mqtt, password: 'wrong-password-wrong-password' } })).rejects.toThrow();
  });

  it('delivers the desired config retained, records status and heartbeat, and publishes config changes', async () => {
    const { identity, agentId } = await enroll('Line 2 gateway');
    const agent = await connectAgentClient(identity);
    const configTopic = agentTopic(plant.tenantId, agentId, 'config');
    const first = nextMessage(agent, configTopic);
    await agent.subscribeAsync(configTopic, { qos: 1 });
    expect((JSON.parse((await first).toString()) as AgentConfig).version).toBe(0);

    const status = { agentId, state: 'online', version: '0.1.0', startedAt: Date.now(), at: Date.now(), appliedConfigVersion: 0, sources: [] };
    await agent.publishAsync(agentTopic(plant.tenantId, agentId, 'status'), JSON.stringify(status), { qos: 1, retain: true });
    const heartbeat = {
      agentId, at: Date.now(), uptimeS: 3, cpuPercent: 2, rssBytes: 50_000_000, bufferBatches: 4, bufferBytes: 4096,
      droppedBatches: 0, droppedPoints: 0, notificationsPerSecond: 40, pointsPerSecond: 40, publishedBatches: 9, appliedConfigVersion: 0,
    };
    await agent.publishAsync(agentTopic(plant.tenantId, agentId, 'heartbeat'), JSON.stringify(heartbeat), { qos: 1 });
    let seen: { agent: { state: string; heartbeat: { bufferBatches: number } | null } } | undefined;
    for (let i = 0; i < 100 && !seen?.agent.heartbeat; i++) {
      seen = (await t.call(plant.ownerPrincipal, 'agents.get', { agentId })) as typeof seen;
      if (!seen?.agent.heartbeat) await new Promise((r) => setTimeout(r, 50));
    }
    expect(seen?.agent).toMatchObject({ state: 'online', heartbeat: { bufferBatches: 4 } });

    const changed = nextMessage(agent, configTopic);
    await t.call(plant.ownerPrincipal, 'dataSources.create', {
      agentId,
      name: 'Oven PLC',
      source: { id: 'oven_plc', kind: 'opcua', endpointUrl: 'opc.tcp://127.0.0.1:4840', password: 'plc-secret', tags: [{ nodeId: 'ns=1;s=Oven2.ZoneTemperature1', measurement: 'oven', field: 'ZoneTemperature1', tags: { machine: 'Oven2' } }] },
    });
    const config = JSON.parse((await changed).toString()) as AgentConfig;
    expect(config.version).toBe(1);
    expect(config.sources[0]).toMatchObject({ id: 'oven_plc', password: 'plc-secret', tags: [{ field: 'ZoneTemperature1' }] });
    const listed = (await t.call(plant.ownerPrincipal, 'dataSources.list', { agentId })) as { dataSources: Array<{ source: object }> };
    expect(JSON.stringify(listed)).not.toContain('plc-secret');
    await agent.endAsync();
  });

  it('runs a command and returns the agent\'s answer; a silent agent makes it UNAVAILABLE', async () => {
    const { identity, agentId } = await enroll('Line 3 gateway');
    const agent = await connectAgentClient(identity);
    const commands = agentTopic(plant.tenantId, agentId, 'commands');
    await agent.subscribeAsync(commands, { qos: 1 });
    agent.on('message', (topic, payload) => {
      if (topic !== commands) return;
      const request = agentCommandRequestSchema.parse(JSON.parse(payload.toString()));
      void agent.publishAsync(request.responseTopic, JSON.stringify({ correlationId: request.correlationId, ok: true, result: { flushed: 3 } }), { qos: 1 });
    });
    const out = (await t.call(plant.ownerPrincipal, 'agents.command', { agentId, request: { command: 'flushBuffer', args: {} } })) as {
      response: { ok: boolean; result: unknown };
    };
    expect(out.response).toMatchObject({ ok: true, result: { flushed: 3 } });
    await agent.endAsync();
    expect(await code(t.call(plant.ownerPrincipal, 'agents.command', { agentId, request: { command: 'flushBuffer', args: {} }, timeoutMs: 300 }))).toBe('UNAVAILABLE');
  });

  it('refuses a command to an agent that is not connected at once, whatever its timeout', async () => {
    const { agentId } = await enroll('Offline gateway');
    const refused = await t.call(plant.ownerPrincipal, 'agents.command', { agentId, request: { command: 'flushBuffer', args: {} }, timeoutMs: 60_000 }).catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: 'UNAVAILABLE', message: expect.stringMatching(/is not connected to the broker: flushBuffer was not sent/) });
  });

  it('revokes at once: the live connection drops and the credentials stop working', async () => {
    const { identity, agentId } = await enroll('Line 4 gateway');
    const agent = await connectAgentClient(identity);
    const closed = new Promise<void>((resolve) => agent.once('close', () => resolve()));
    const first = await t.call(plant.ownerPrincipal, 'agents.revoke', { agentId }).catch((e: { details: { confirmationToken: string } }) => e);
    await t.call(plant.ownerPrincipal, 'agents.revoke', { agentId, confirmationToken: (first as { details: { confirmationToken: string } }).details.confirmationToken });
    await closed;
    await expect(connectAgentClient(identity)).rejects.toThrow();
    expect(await t.call(plant.ownerPrincipal, 'agents.get', { agentId })).toMatchObject({ agent: { state: 'revoked' } });
  });

  it('keeps an agent of one tenant out of another tenant\'s topics', async () => {
    const other = await t.createTenant('Other Plant');
    const { identity } = await enroll('Line 5 gateway');
    const agent = await connectAgentClient(identity);
    await expect(agent.subscribeAsync(agentTopic(other.tenantId, identity.agentId, 'commands'), { qos: 1 })).rejects.toThrow(/Subscribe error/);
    // A publish outside its ACL gets no PUBACK on MQTT 3.1.1: the broker drops the connection instead.
    const closed = new Promise<void>((resolve) => agent.once('close', () => resolve()));
    void agent.publishAsync(agentTopic(other.tenantId, identity.agentId, 'telemetry'), '{}', { qos: 1 }).catch(() => undefined);
    await closed;
    agent.end(true);
  });
});

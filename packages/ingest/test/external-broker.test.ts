import { randomBytes } from 'node:crypto';
import { agentTopic, type EnrollResponse } from '@facilflow/contracts';
import { createMosquittoDynsec, type MosquittoDynsec } from '@facilflow/messaging';
import { createTestPlatform, type TestPlatform, type TestTenant } from '@facilflow/testkit';
import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The messaging package's own Mosquitto for tests: a broker of the test's, with dynamic security.
import { startMosquitto, type MosquittoUnderTest } from '@facilflow/testkit/mosquitto';
import { attachIngest, type AttachedIngest } from '../src/index.ts';
import { batchPayload, enrollAgent, publishOutcome } from './support/agents.ts';
import { connectAgentClient } from '@facilflow/testkit/agent-client';

/**
 * Ingest behind an external MQTT 5 broker (Mosquitto 2 with dynamic security), as at scale:
 * receivers on a shared subscription with persistent sessions, acknowledging each message
 * after its write. The broker acknowledges the agent on receipt, so the test waits for the
 * data (bounded polling), not for a PUBACK.
 */
let mosquitto: MosquittoUnderTest;
let dynsec: MosquittoDynsec;
let t: TestPlatform;
let plant: TestTenant;
let attached: AttachedIngest | undefined;
let identity: EnrollResponse;
let agent: MqttClient;

const T0 = Date.UTC(2025, 0, 1);
const QUERY = { maxRows: 10, timeoutMs: 30_000 };
const silent = { warn: () => undefined, error: () => undefined };

beforeAll(async () => {
  mosquitto = await startMosquitto();
  dynsec = await createMosquittoDynsec({ url: mosquitto.url, ...mosquitto.admin });
  const service = { username: 'facilflow_ingest_test', password: randomBytes(12).toString('hex') };
  await dynsec.createServiceClient({ name: service.username, password: service.password });
  t = await createTestPlatform({
    MQTT_URL: mosquitto.url,
    MQTT_USERNAME: service.username,
    MQTT_PASSWORD: service.password,
    MQTT_ADMIN_USERNAME: mosquitto.admin.username,
    MQTT_ADMIN_PASSWORD: mosquitto.admin.password,
  });
  plant = await t.createTenant('External Broker Plant');
  await t.call(plant.ownerPrincipal, 'schemas.create', { measurement: 'line', fields: [{ name: 'speed', type: 'number' }], requiredTags: [] });
  attached = await attachIngest(t.platform, { receivers: 2, nodeId: 'test-node', log: silent });
  identity = await enrollAgent(t.call, t.platform.services, plant.ownerPrincipal, 'External gateway');
  agent = await connectAgentClient(identity);
}, 120_000);
afterAll(async () => {
  await agent?.endAsync(true);
  await attached?.close();
  await t?.close();
  await dynsec?.close();
  await mosquitto?.stop();
});

const topic = () => agentTopic(identity.tenantId, identity.agentId, 'telemetry');
const batch = (seq: number, n = 5) => batchPayload(identity.agentId, seq, Array.from({ length: n }, (_, i) => ({ m: 'line', tags: {}, f: { speed: seq * 100 + i }, t: T0 + seq * 100 + i })));

async function stored(): Promise<number> {
  const read = await t.platform.services.timeseries.query(plant.tenantId, 'SELECT count(*) FROM line', QUERY).catch(() => ({ rows: [[0]] }));
  return Number(read.rows[0]?.[0] ?? 0);
}

/** Bounded wait for the pipeline to have received `messages` in total and finished with each (stored or dead-lettered). */
async function handled(ingest: AttachedIngest, messages: number): Promise<void> {
  const done = () => ingest.ingest.stats().messages.received >= messages && ingest.ingest.stats().inFlight === 0;
  for (let i = 0; i < 500 && !done(); i++) await new Promise((resolve) => setTimeout(resolve, 20));
  expect(ingest.ingest.stats().messages.received).toBeGreaterThanOrEqual(messages);
  expect(ingest.ingest.stats().inFlight).toBe(0);
}

describe('ingest behind Mosquitto (shared subscription, MQTT 5)', () => {
  it('stores what agents publish, once per seq, and dead-letters what is invalid', async () => {
    expect(identity.mqtt.protocolVersion).toBe(5);
    for (let seq = 0; seq < 4; seq++) expect(await publishOutcome(agent, topic(), batch(seq))).toBe('acked');
    expect(await publishOutcome(agent, topic(), batch(2))).toBe('acked');
    expect(await publishOutcome(agent, topic(), '{"v":1')).toBe('acked');
    await handled(attached!, 6);
    expect(await stored()).toBe(20);
    expect(attached!.ingest.stats().messages).toMatchObject({ duplicates: 1, deadLettered: 1, failed: 0 });
    const letters = (await t.call(plant.ownerPrincipal, 'deadLetters.list')) as { items: Array<{ code: string; agentId: string }> };
    expect(letters.items).toMatchObject([{ code: 'malformed_json', agentId: identity.agentId }]);
  });

  it('keeps what arrives while ingest is away and delivers it to the same receivers when they come back', async () => {
    await attached!.close();
    attached = undefined;
    for (let seq = 10; seq < 13; seq++) expect(await publishOutcome(agent, topic(), batch(seq))).toBe('acked');
    const back = await attachIngest(t.platform, { receivers: 2, nodeId: 'test-node', log: silent });
    attached = back;
    await handled(back, 3);
    expect(await stored()).toBe(35);
  });
});

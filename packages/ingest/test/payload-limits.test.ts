import { agentTopic, JSON_LIMITS, type DeadLetter, type EnrollResponse } from '@facilflow/contracts';
import type { TestPlatform, TestTenant } from '@facilflow/testkit';
import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AttachedIngest } from '../src/index.ts';
import { batchPayload, publishOutcome } from './support/agents.ts';
import { startIngestRig, type IngestRig } from './support/ingest-rig.ts';

// A payload over a limit is refused before it is read: too many bytes for either codec, or
// JSON within the byte limit whose shape (depth, keys) would cost the parser. Each becomes an
// `oversize` dead letter naming the limit, keeping only a bounded prefix of the payload.

const T0 = Date.UTC(2025, 0, 1, 8);
const KiB = 1024;
const MAX_PAYLOAD = 256 * KiB;
const KEPT = 8 * KiB;

let rig: IngestRig;
let t: TestPlatform;
let tenant: TestTenant;
let attached: AttachedIngest;
let agent: EnrollResponse;
let client: MqttClient;
let good = 0;

beforeAll(async () => {
  rig = await startIngestRig({ tenantName: 'Payload Limits Plant', agentName: 'Limits gateway', schema: { measurement: 'oven', fields: [{ name: 'ZoneTemperature1', type: 'number' }], requiredTags: ['machine'] }, ingest: { consumers: [], log: { warn: () => undefined, error: () => undefined }, maxPayloadBytes: MAX_PAYLOAD, deadLetters: { payloadLimit: KEPT } } });
  ({ t, tenant, attached, agent, client } = rig);
});
afterAll(() => rig?.close());

const topic = (subtopic?: string) => (subtopic === undefined ? agentTopic(tenant.tenantId, agent.agentId, 'telemetry') : agentTopic(tenant.tenantId, agent.agentId, 'telemetry', subtopic));

/** Publishes `payload`, expects its PUBACK and one new dead letter (returned with its stored payload), then a good batch stored right after. */
async function expectDeadLettered(payload: string, subtopic?: string): Promise<DeadLetter & { payloadShownBytes: number }> {
  const list = async () => ((await t.call(tenant.ownerPrincipal, 'deadLetters.list', { limit: 200 })) as { items: DeadLetter[] }).items;
  const before = new Set((await list()).map((letter) => letter.id));
  expect(await publishOutcome(client, topic(subtopic), payload)).toBe('acked');
  const letters = (await list()).filter((letter) => !before.has(letter.id));
  expect(letters).toHaveLength(1);
  good++;
  expect(await publishOutcome(client, topic(), batchPayload(agent.agentId, good, [{ m: 'oven', tags: { machine: 'Good' }, f: { ZoneTemperature1: good }, t: T0 + good }]))).toBe('acked');
  const stored = await t.platform.services.timeseries.query(tenant.tenantId, `SELECT count(*) FROM oven WHERE machine = 'Good'`, { maxRows: 10, timeoutMs: 30_000 });
  expect(stored.rows).toEqual([[good]]);
  const detail = (await t.call(tenant.ownerPrincipal, 'deadLetters.get', { id: letters[0]!.id, payloadBytes: 256 * KiB })) as { deadLetter: DeadLetter & { payloadShownBytes: number } };
  return detail.deadLetter;
}

describe('telemetry over a payload limit', () => {
  it('dead-letters a JSON batch over the byte limit, keeping a bounded prefix', async () => {
    const points = Array.from({ length: 4000 }, (_, i) => ({ m: 'oven', tags: { machine: 'Big' }, f: { ZoneTemperature1: i }, t: T0 + i }));
    const payload = batchPayload(agent.agentId, 1000, points);
    expect(payload.length).toBeGreaterThan(MAX_PAYLOAD);
    const letter = await expectDeadLettered(payload);
    expect(letter).toMatchObject({ code: 'oversize', payloadBytes: payload.length, payloadTruncated: true, payloadShownBytes: KEPT });
    expect(letter.reason).toContain(`over the ${MAX_PAYLOAD}-byte limit (mqttTelemetryBytes)`);
  });

  it('dead-letters line protocol over the byte limit the same way', async () => {
    const payload = Array.from({ length: 6000 }, (_, i) => `oven,machine=BigLp ZoneTemperature1=${i} ${(T0 + i) * 1e6}`).join('\n');
    expect(payload.length).toBeGreaterThan(MAX_PAYLOAD);
    const letter = await expectDeadLettered(payload, 'lp');
    expect(letter).toMatchObject({ code: 'oversize', codec: 'lp', payloadTruncated: true, payloadShownBytes: KEPT, reason: expect.stringContaining('mqttTelemetryBytes') });
  });

  it('dead-letters JSON nested deeper than the limit, without parsing it', async () => {
    const depth = 100_000;
    const letter = await expectDeadLettered('['.repeat(depth) + ']'.repeat(depth));
    expect(letter).toMatchObject({ code: 'oversize', payloadBytes: 2 * depth, payloadTruncated: true });
    expect(letter.reason).toBe(`the batch is over a JSON limit: The JSON input has nesting deeper than ${JSON_LIMITS.maxDepth} (limit maxDepth=${JSON_LIMITS.maxDepth})`);
  });

  it('dead-letters a JSON object with more keys than the limit', async () => {
    const keys = Array.from({ length: JSON_LIMITS.maxObjectKeys + 1 }, (_, i) => `"k${i}":0`).join(',');
    const letter = await expectDeadLettered(`{"v":1,"points":[],"extra":{${keys}}}`);
    expect(letter).toMatchObject({ code: 'oversize', reason: expect.stringContaining(`maxObjectKeys=${JSON_LIMITS.maxObjectKeys}`) });
  });

  it('refuses unreadable lines one by one, never failing the whole message', async () => {
    const lines = [
      `oven,machine=LpOk ZoneTemperature1=1 ${T0 * 1e6}`,
      'oven,machine=LpBad',
      `oven,machine=LpBad ZoneTemperature1="unterminated ${T0 * 1e6}`,
      `oven,machine=LpBad ZoneTemperature1=1 not-a-time`,
      `\uFFFEoven,machine=LpBad ZoneTemperature1=1`,
      `oven,machine=LpBad,machine=again ZoneTemperature1=1`,
    ];
    const letter = await expectDeadLettered(lines.join('\n'), 'lp');
    expect(letter).toMatchObject({ code: 'invalid_points', pointCount: 6, rejectedCount: 5, reasonCounts: { bad_line: 5 } });
    const stored = await t.platform.services.timeseries.query(tenant.tenantId, `SELECT count(*) FROM oven WHERE machine = 'LpOk'`, { maxRows: 10, timeoutMs: 30_000 });
    expect(stored.rows).toEqual([[1]]);
  });

  it('left nothing unacknowledged', () => {
    expect(attached.ingest.stats().messages).toMatchObject({ failed: 0, undeliverable: 0 });
  });
});

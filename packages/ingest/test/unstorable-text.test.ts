import { agentTopic, type DeadLetter, type EnrollResponse } from '@facilflow/contracts';
import { createMeasurementSchema } from '@facilflow/core';
import type { TestPlatform, TestTenant } from '@facilflow/testkit';
import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AttachedIngest } from '../src/index.ts';
import { batchPayload, publishOutcome, type TestPoint } from './support/agents.ts';
import { startIngestRig, type IngestRig } from './support/ingest-rig.ts';

// PostgreSQL refuses U+0000 in text and jsonb. Before the storable-text boundary, each of these
// messages failed its dead-letter insert: never acknowledged, the connection dropped, the agent
// sending it again for ever. Each must now be acknowledged, listed with its reason, and not hold
// up the next good batch.

const T0 = Date.UTC(2025, 0, 1, 8);
const QUERY = { maxRows: 1000, timeoutMs: 30_000 };
const OVEN_SCHEMA = {
  measurement: 'oven',
  fields: [
    { name: 'ZoneTemperature1', type: 'number', unit: 'degC' },
    { name: 'state', type: 'string' },
  ],
  requiredTags: ['machine'],
};
const NUL = '\u0000';

const errors: string[] = [];
const log = { warn: () => undefined, error: (message: string) => void errors.push(message) };

let rig: IngestRig;
let t: TestPlatform;
let tenant: TestTenant;
let attached: AttachedIngest;
let agent: EnrollResponse;
let client: MqttClient;
let seq = 1;
let good = 0;

beforeAll(async () => {
  rig = await startIngestRig({ tenantName: 'Unstorable Text Plant', agentName: 'NUL gateway', schema: OVEN_SCHEMA, ingest: { consumers: [], log } });
  ({ t, tenant, attached, agent, client } = rig);
});
afterAll(() => rig?.close());

const topic = (subtopic?: string) => (subtopic === undefined ? agentTopic(tenant.tenantId, agent.agentId, 'telemetry') : agentTopic(tenant.tenantId, agent.agentId, 'telemetry', subtopic));
const point = (overrides: Partial<TestPoint> = {}): TestPoint => ({ m: 'oven', tags: { machine: 'Oven1' }, f: { ZoneTemperature1: 150 }, t: T0, ...overrides });

async function rows(sql: string): Promise<unknown[][]> {
  return (await t.platform.services.timeseries.query(tenant.tenantId, sql, QUERY)).rows;
}

async function newDeadLetters(since: ReadonlySet<string>): Promise<DeadLetter[]> {
  const { items } = (await t.call(tenant.ownerPrincipal, 'deadLetters.list', { limit: 200 })) as { items: DeadLetter[] };
  return items.filter((letter) => !since.has(letter.id));
}

/** Publishes `payload`, expects its PUBACK and exactly one new dead letter, then proves a good batch right after is stored. */
async function expectDeadLettered(payload: string | Buffer, subtopic?: string): Promise<DeadLetter> {
  const before = new Set((await newDeadLetters(new Set())).map((letter) => letter.id));
  expect(await publishOutcome(client, topic(subtopic), payload)).toBe('acked');
  const letters = await newDeadLetters(before);
  expect(letters).toHaveLength(1);
  good++;
  expect(await publishOutcome(client, topic(), batchPayload(agent.agentId, seq++, [point({ tags: { machine: 'Good' }, t: T0 + good })]))).toBe('acked');
  expect(await rows(`SELECT count(*) FROM oven WHERE machine = 'Good'`)).toEqual([[good]]);
  return letters[0]!;
}

describe('a JSON batch with text the database cannot store', () => {
  it('refuses a point with a NUL in its measurement, tag key, tag value or field name, naming the path', async () => {
    const cases: Array<[TestPoint, RegExp]> = [
      [point({ m: `ov${NUL}en` }), /^points\[1\]\.m contains a NUL character \(U\+0000\) at offset 2/],
      [point({ tags: { machine: 'Oven1', [`li${NUL}ne`]: 'L1' } }), /^points\[1\]\.tags key "li\\u0000ne" contains a NUL/],
      [point({ tags: { machine: `Oven${NUL}1` } }), /^points\[1\]\.tags\.machine contains a NUL character \(U\+0000\) at offset 4/],
      [point({ f: { [`Zone${NUL}`]: 1 } }), /^points\[1\]\.f key "Zone\\u0000" contains a NUL/],
      [point({ tags: { machine: 'Oven\uD800' } }), /^points\[1\]\.tags\.machine contains a lone surrogate \(U\+D800\)/],
    ];
    for (const [bad, reason] of cases) {
      const batchSeq = seq++;
      const letter = await expectDeadLettered(batchPayload(agent.agentId, batchSeq, [point({ tags: { machine: 'Mixed' }, t: T0 + batchSeq }), bad]));
      expect(letter).toMatchObject({ code: 'invalid_points', seq: batchSeq, pointCount: 2, rejectedCount: 1, reasonCounts: { malformed_point: 1 } });
      expect(letter.reason).toMatch(/^1 of 2 points refused: /);
      const detail = (await t.call(tenant.ownerPrincipal, 'deadLetters.get', { id: letter.id })) as { deadLetter: { rejections: Array<{ at: number; reasons: string[] }> } };
      expect(detail.deadLetter.rejections).toEqual([{ at: 1, reasons: [expect.stringMatching(reason)] }]);
    }
    // The valid point of each of those batches is stored.
    expect(await rows(`SELECT count(*) FROM oven WHERE machine = 'Mixed'`)).toEqual([[cases.length]]);
  });

  it('dead-letters raw NUL bytes that make the JSON unreadable, keeping the payload byte for byte', async () => {
    const payload = Buffer.from(`{"v":1,"agentId":"${agent.agentId}","seq":${seq++},"points":[\u0000]}`);
    const letter = await expectDeadLettered(payload);
    expect(letter.code).toBe('malformed_json');
    expect(letter.reason).toContain('\\u0000');
    expect(letter.reason).not.toContain(NUL);
    const detail = (await t.call(tenant.ownerPrincipal, 'deadLetters.get', { id: letter.id })) as { deadLetter: { payload: string; payloadEncoding: string } };
    // Shown as base64: the text would carry the NUL on to whoever keeps it.
    expect(detail.deadLetter.payloadEncoding).toBe('base64');
    expect(Buffer.from(detail.deadLetter.payload, 'base64').equals(payload)).toBe(true);
  });

  it('dead-letters a batch naming an agent with a NUL in its name', async () => {
    const letter = await expectDeadLettered(batchPayload(`ag${NUL}x`, seq++, [point()]));
    expect(letter).toMatchObject({ code: 'agent_mismatch', reason: expect.stringContaining('"ag\\u0000x"') });
  });

  it('stores a string field value with a NUL escaped, as documented', async () => {
    const batchSeq = seq++;
    expect(await publishOutcome(client, topic(), batchPayload(agent.agentId, batchSeq, [point({ tags: { machine: 'Padded' }, f: { state: `RUN${NUL}${NUL}` } })]))).toBe('acked');
    expect(await rows(`SELECT state FROM oven WHERE machine = 'Padded'`)).toEqual([['RUN\\u0000\\u0000']]);
  });
});

describe('line protocol with text the database cannot store', () => {
  it('refuses each line with a NUL in a name or tag value with its reason, and stores the other lines', async () => {
    const lines = [
      `oven,machine=LpGood ZoneTemperature1=1 ${T0 * 1e6}`,
      `ov${NUL}en,machine=LpBad ZoneTemperature1=2 ${T0 * 1e6}`,
      `oven,machine=Lp${NUL}Bad ZoneTemperature1=3 ${T0 * 1e6}`,
      `oven,machine=LpBad Zone${NUL}=4 ${T0 * 1e6}`,
      `oven,machine=LpBad ZoneTemperature1=5${NUL} ${T0 * 1e6}`,
      `oven,machine=LpBad ZoneTemperature1=6 ${T0 * 1e6}${NUL}`,
    ];
    const letter = await expectDeadLettered(lines.join('\n'), 'lp');
    expect(letter).toMatchObject({ code: 'invalid_points', codec: 'lp', pointCount: 6, rejectedCount: 5 });
    const detail = (await t.call(tenant.ownerPrincipal, 'deadLetters.get', { id: letter.id })) as { deadLetter: { rejections: Array<{ at: number; reasons: string[] }> } };
    const reasons = detail.deadLetter.rejections.map(({ at, reasons: [reason] }) => [at, reason]);
    expect(reasons).toEqual([
      [2, 'measurement name contains a NUL character (U+0000) at offset 2'],
      [3, 'line 3: tags.machine contains a NUL character (U+0000) at offset 2'],
      [4, 'field name contains a NUL character (U+0000) at offset 4'],
      [5, 'field "ZoneTemperature1" has an invalid value: 5\\u0000'],
      [6, expect.stringContaining('\\u0000')],
    ]);
    expect(await rows(`SELECT count(*) FROM oven WHERE machine = 'LpGood'`)).toEqual([[1]]);
    expect(await rows(`SELECT count(*) FROM oven WHERE machine = 'LpBad'`)).toEqual([[0]]);
  });

  it('dead-letters a message whose only line holds a NUL as unreadable line protocol', async () => {
    const letter = await expectDeadLettered(`ov${NUL}en,machine=X v=1`, 'lp');
    expect(letter).toMatchObject({ code: 'bad_line_protocol', reason: 'no line could be read; line 1: measurement name contains a NUL character (U+0000) at offset 2' });
  });

  it('stores a quoted string value with a NUL escaped, like a JSON one', async () => {
    expect(await publishOutcome(client, topic('lp'), `oven,machine=LpPadded state="ON${NUL}" ${T0 * 1e6}`)).toBe('acked');
    expect(await rows(`SELECT state FROM oven WHERE machine = 'LpPadded'`)).toEqual([['ON\\u0000']]);
  });
});

describe('a schema with text the database cannot store', () => {
  it('is refused as INVALID with the path, through the operation and the registry function alike', async () => {
    const definition = (unit: string, description: string) => ({ measurement: 'press', description, fields: [{ name: 'force', type: 'number', unit }] });
    const viaOperation = await t.call(tenant.ownerPrincipal, 'schemas.create', definition(`k${NUL}N`, 'Presses')).catch((error: unknown) => error);
    expect(viaOperation).toMatchObject({ code: 'INVALID', message: expect.stringMatching(/fields\.0\.unit.*NUL/) });
    const scope = { tenantId: tenant.tenantId, actor: { type: 'system' as const, name: 'test' }, role: 'owner' as const };
    const direct = await createMeasurementSchema(t.platform.services, scope, { ...definition('kN', `Pre${NUL}sses`), fields: [{ name: 'force', type: 'number', unit: 'kN' }], requiredTags: [] }).catch(
      (error: unknown) => error,
    );
    expect(direct).toMatchObject({ code: 'INVALID', message: 'description contains a NUL character (U+0000) at offset 3', details: { path: 'description' } });
    expect(await t.call(tenant.ownerPrincipal, 'schemas.list', {})).toMatchObject({ schemas: [expect.objectContaining({ measurement: 'oven' })] });
  });
});

describe('after all of them', () => {
  it('logged no failure and left nothing unacknowledged', () => {
    expect(errors).toEqual([]);
    expect(attached.ingest.stats().messages).toMatchObject({ failed: 0, undeliverable: 0 });
  });
});

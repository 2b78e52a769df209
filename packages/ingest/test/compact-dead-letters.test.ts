import { agentTopic, MAX_POINTS_PER_BATCH, type DeadLetter, type EnrollResponse } from '@facilflow/contracts';
import type { TestPlatform, TestTenant } from '@facilflow/testkit';
import type { MqttClient } from 'mqtt';
import { Packr } from 'msgpackr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishOutcome } from './support/agents.ts';
import { startIngestRig, type IngestRig } from './support/ingest-rig.ts';

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
const packr = new Packr({ useRecords: false });

let rig: IngestRig;
let t: TestPlatform;
let tenant: TestTenant;
let agent: EnrollResponse;
let client: MqttClient;
let seq = 1;
let good = 0;

beforeAll(async () => {
  rig = await startIngestRig({ tenantName: 'Compact Dead Letter Plant', agentName: 'compact dl gateway', schema: OVEN_SCHEMA, ingest: {} });
  ({ t, tenant, agent, client } = rig);
});
afterAll(() => rig?.close());

const topic = (subtopic?: string) => agentTopic(tenant.tenantId, agent.agentId, 'telemetry', subtopic);
const series = (overrides: Record<string, unknown> = {}) => ({ m: 'oven', tags: { machine: 'Oven1' }, times: [T0, T0 + 1000], fields: { ZoneTemperature1: [150, 151] }, ...overrides });
const compact = (seriesList: unknown, more: Record<string, unknown> = {}) => ({ v: 2, agentId: agent.agentId, seq: seq++, sentAt: T0, series: seriesList, ...more });
const json = (body: unknown) => JSON.stringify(body);

async function rows(sql: string): Promise<unknown[][]> {
  return (await t.platform.services.timeseries.query(tenant.tenantId, sql, QUERY)).rows;
}

async function deadLetters(): Promise<DeadLetter[]> {
  return ((await t.call(tenant.ownerPrincipal, 'deadLetters.list', { limit: 200 })) as { items: DeadLetter[] }).items;
}

/** Publishes `payload`, expects its PUBACK and exactly one new dead letter, then proves a good compact batch right after is stored. */
async function expectDeadLettered(payload: string | Buffer, subtopic?: string): Promise<DeadLetter> {
  const before = new Set((await deadLetters()).map((letter) => letter.id));
  expect(await publishOutcome(client, topic(subtopic), payload)).toBe('acked');
  const letters = (await deadLetters()).filter((letter) => !before.has(letter.id));
  expect(letters).toHaveLength(1);
  good++;
  expect(await publishOutcome(client, topic(), json(compact([series({ tags: { machine: 'Good' }, times: [T0 + good], fields: { ZoneTemperature1: [1] } })])))).toBe('acked');
  expect(await rows(`SELECT count(*) FROM oven WHERE machine = 'Good'`)).toEqual([[good]]);
  return letters[0]!;
}

describe('a compact batch (v2) that cannot be read as a whole', () => {
  it('is one invalid_batch dead letter naming what is wrong with its layout, JSON or MessagePack', async () => {
    // Bodies made per encoding: a dead letter of a batch is named by (agent, seq, code), so each needs its own seq.
    const cases: Array<[() => unknown, string]> = [
      [() => compact(series()), 'series must be an array'],
      [() => compact([]), 'series is empty'],
      [() => compact([series(), 'a series']), 'series[1] is not an object'],
      [() => compact([series({ times: T0 })]), 'series[0].times must be an array'],
      [() => compact([series({ times: [], fields: { ZoneTemperature1: [] } })]), 'series[0].times is empty'],
      [() => compact([series({ fields: [150, 151] })]), 'series[0].fields must be an object of value arrays'],
      [() => compact([series({ fields: {} })]), 'series[0].fields is empty: a series needs at least one field'],
      // Ragged: one column shorter than the times, another longer.
      [() => compact([series(), series({ fields: { ZoneTemperature1: [150] } })]), 'series[1].fields.ZoneTemperature1 has 1 values for 2 times'],
      [() => compact([series({ fields: { ZoneTemperature1: [150, 151], state: ['a', 'b', 'c'] } })]), 'series[0].fields.state has 3 values for 2 times'],
      [() => compact([series({ fields: { ZoneTemperature1: 150 } })]), 'series[0].fields.ZoneTemperature1 must be an array'],
      [() => compact([series()], { v: 3 }), 'v must be 1 or 2, got 3'],
      [() => compact([series()], { seq: -1 }), 'seq must be a non-negative integer'],
      [
        () => compact([series({ times: Array.from({ length: MAX_POINTS_PER_BATCH }, (_, i) => T0 + i), fields: { ZoneTemperature1: Array(MAX_POINTS_PER_BATCH).fill(1) } }), series()]),
        `more than the ${MAX_POINTS_PER_BATCH} points a batch may hold`,
      ],
    ];
    for (const [body, reason] of cases) {
      for (const subtopic of [undefined, 'msgpack']) {
        const payload = subtopic === 'msgpack' ? packr.pack(body()) : json(body());
        const letter = await expectDeadLettered(payload, subtopic);
        expect(letter, `${reason} (${subtopic ?? 'json'})`).toMatchObject({ code: 'invalid_batch', reason: `not a telemetry batch: ${reason}`, codec: subtopic ?? 'json' });
      }
    }
  });

  it('names another agent as agent_mismatch, like v1', async () => {
    const letter = await expectDeadLettered(json(compact([series()], { agentId: 'ag_someoneelse' })));
    expect(letter).toMatchObject({ code: 'agent_mismatch', pointCount: 2 });
  });
});

describe('a compact batch with some points that do not pass', () => {
  it('stores the rest and refuses those, by flattened position, with v1 point reasons', async () => {
    const body = compact([
      series({ tags: { machine: 'Partial' }, times: [T0, -2, T0 + 2000, -1], fields: { ZoneTemperature1: [1, 2, null, 4], state: [null, null, null, 'x'] } }),
      series({ m: `ov${NUL}en`, times: [T0] , fields: { ZoneTemperature1: [5] } }),
      series({ tags: { machine: `Par${NUL}tial` }, times: [T0], fields: { ZoneTemperature1: [6] } }),
      series({ tags: { machine: 'Partial' }, times: [T0 + 3000], fields: { [`Zone${NUL}`]: [7] } }),
      series({ tags: { machine: 'Partial' }, times: [T0 + 4000, T0 + 5000], fields: { ZoneTemperature1: ['hot', 9], extra: [null, 1] } }),
    ]);
    const letter = await expectDeadLettered(json(body));
    expect(letter).toMatchObject({ code: 'invalid_points', pointCount: 9, rejectedCount: 8 });
    expect(letter.reasonCounts).toEqual({ malformed_point: 6, wrong_type: 1, unknown_field: 1 });
    const got = (await t.call(tenant.ownerPrincipal, 'deadLetters.get', { id: letter.id })) as { deadLetter: { rejections: Array<{ at: number; reasons: string[] }> } };
    expect(got.deadLetter.rejections).toEqual([
      { at: 1, reasons: [`series[0].times[1] must be a non-negative number of epoch milliseconds (decimals for finer than a millisecond), got a number`] },
      { at: 2, reasons: ['a point needs at least one field'] },
      { at: 3, reasons: [`series[0].times[3] must be a non-negative number of epoch milliseconds (decimals for finer than a millisecond), got a number`] },
      { at: 4, reasons: [expect.stringMatching(/^series\[1\]\.m contains a NUL character \(U\+0000\) at offset 2/)] },
      { at: 5, reasons: [expect.stringMatching(/^series\[2\]\.tags\.machine contains a NUL character \(U\+0000\) at offset 3/)] },
      { at: 6, reasons: [expect.stringMatching(/^series\[3\]\.fields key "Zone\\u0000" contains a NUL/)] },
      { at: 7, reasons: [expect.stringContaining('must be a number, got a string')] },
      { at: 8, reasons: [expect.stringContaining('"extra"')] },
    ]);
    expect(await rows(`SELECT count(*), sum("ZoneTemperature1") FROM oven WHERE machine = 'Partial'`)).toEqual([[1, 1]]);
  });

  it('is replayed after the schema is fixed, MessagePack included, storing only the refused points', async () => {
    const body = compact([series({ tags: { machine: 'Replay' }, times: [T0, T0 + 1000], fields: { ZoneTemperature1: [1, 2], GasFlow: [null, 3.5] } })]);
    const letter = await expectDeadLettered(packr.pack(body), 'msgpack');
    expect(letter).toMatchObject({ code: 'invalid_points', codec: 'msgpack', pointCount: 2, rejectedCount: 1 });
    await t.call(tenant.ownerPrincipal, 'schemas.update', { ...OVEN_SCHEMA, fields: [...OVEN_SCHEMA.fields, { name: 'GasFlow', type: 'number', unit: 'm3/h' }] });
    const replayed = (await t.call(tenant.ownerPrincipal, 'deadLetters.replay', { id: letter.id })) as { result: { status: string; written: number } };
    expect(replayed.result).toMatchObject({ status: 'stored', written: 1 });
    expect(await rows(`SELECT count(*), sum("GasFlow") FROM oven WHERE machine = 'Replay'`)).toEqual([[2, 3.5]]);
  });
});

describe('MessagePack that is not a plain batch', () => {
  const envelope = { v: 2, agentId: 'x', seq: 1, sentAt: T0 };
  const deep = (levels: number) => Buffer.concat([Buffer.alloc(levels, 0x91), Buffer.from([0x01])]);
  it('is refused before msgpackr decodes it: malformed, over a limit, or not a map', async () => {
    const cases: Array<[Buffer, string, RegExp]> = [
      [packr.pack(compact([series()])).subarray(0, 40), 'malformed_msgpack', /^malformed MessagePack: truncated/],
      [Buffer.concat([packr.pack(compact([series()])), Buffer.from([0xc0])]), 'malformed_msgpack', /^malformed MessagePack: bytes after the message at byte \d+$/],
      // A Date is the timestamp extension; a Buffer is binary: neither is plain data.
      [packr.pack({ ...envelope, sentAt: new Date(T0) }), 'malformed_msgpack', /^malformed MessagePack: type 0xd6 \(binary, extension or unused\) is not plain data at byte \d+$/],
      [packr.pack({ ...envelope, series: Buffer.from('abc') }), 'malformed_msgpack', /^malformed MessagePack: type 0xc4 /],
      [Buffer.from([0x81, 0x01, 0x02]), 'malformed_msgpack', /^malformed MessagePack: a map key must be a string at byte 1$/],
      [Buffer.concat([Buffer.from([0x81]), packr.pack('__proto__'), packr.pack({ polluted: true })]), 'malformed_msgpack', /a map key "__proto__" is refused/],
      [Buffer.from([0xdd, 0xff, 0xff, 0xff, 0xff]), 'oversize', /^the batch is over a JSON limit: .*maxArrayLength/],
      [Buffer.from([0xdc, 0x00, 0x10, 0x01]), 'malformed_msgpack', /a container longer than the message/],
      [deep(100), 'oversize', /maxDepth=64/],
      [packr.pack([envelope]), 'invalid_batch', /^not a telemetry batch: the message is not a MessagePack map$/],
    ];
    for (const [payload, code, reason] of cases) {
      const letter = await expectDeadLettered(payload, 'msgpack');
      expect(letter, String(reason)).toMatchObject({ code, codec: 'msgpack', reason: expect.stringMatching(reason) });
    }
    expect(Object.prototype).not.toHaveProperty('polluted');
  });
});

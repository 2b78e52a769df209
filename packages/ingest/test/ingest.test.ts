import { agentTopic, type DeadLetter, type EnrollResponse } from '@facilflow/contracts';
import { type TelemetryObserver, type WrittenBatch } from '@facilflow/core';
import { telemetryChannel } from '@facilflow/contracts';
import { createTestPlatform, type TestPlatform, type TestTenant } from '@facilflow/testkit';
import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachIngest, type AttachedIngest } from '../src/index.ts';
import { batchPayload, enrollAgent, publishOutcome, type TestPoint } from './support/agents.ts';
import { connectAgentClient } from '@facilflow/testkit/agent-client';

const T0 = Date.UTC(2025, 0, 1, 8);
const QUERY = { maxRows: 1000, timeoutMs: 30_000 };
const OVEN_SCHEMA = {
  measurement: 'oven',
  description: 'Tunnel ovens',
  fields: [
    { name: 'ZoneTemperature1', type: 'number', unit: 'degC', min: 0, max: 400 },
    { name: 'running', type: 'boolean' },
    { name: 'state', type: 'string' },
  ],
  requiredTags: ['machine'],
};

/** Observers as the quality and lineage steps plug in: one records, one fails every time, one can be held. */
const seen: WrittenBatch[] = [];
const recording: TelemetryObserver = { name: 'recording', observe: async (batch) => void seen.push(batch) };
const failing: TelemetryObserver = {
  name: 'failing',
  observe: async () => {
    throw new Error('observer bug');
  },
};
let gate: Promise<void> = Promise.resolve();
const held: TelemetryObserver = { name: 'held', observe: () => gate };

const logged: Array<{ level: string; message: string }> = [];
const log = { warn: (message: string) => void logged.push({ level: 'warn', message }), error: (message: string) => void logged.push({ level: 'error', message }) };

let t: TestPlatform;
let a: TestTenant;
let b: TestTenant;
let attached: AttachedIngest;
let agentA: EnrollResponse;
let agentB: EnrollResponse;
let clientA: MqttClient;
let clientB: MqttClient;
let seq = 100;

beforeAll(async () => {
  t = await createTestPlatform();
  a = await t.createTenant('Ingest Plant A');
  b = await t.createTenant('Ingest Plant B');
  await t.call(a.ownerPrincipal, 'schemas.create', OVEN_SCHEMA);
  await t.call(b.ownerPrincipal, 'schemas.create', OVEN_SCHEMA);
  attached = await attachIngest(t.platform, {
    consumers: [recording, failing, held],
    log,
    maxPayloadBytes: 64 * 1024,
    deadLetters: { payloadLimit: 16 * 1024 },
  });
  agentA = await enrollAgent(t.call, t.platform.services, a.ownerPrincipal, 'A gateway');
  agentB = await enrollAgent(t.call, t.platform.services, b.ownerPrincipal, 'B gateway');
  clientA = await connectAgentClient(agentA);
  clientB = await connectAgentClient(agentB);
});
afterAll(async () => {
  await clientA?.endAsync(true);
  await clientB?.endAsync(true);
  await attached?.close();
  await t?.close();
});

const ovenPoint = (machine: string, i: number, fields: Record<string, unknown> = { ZoneTemperature1: 150 + i }): TestPoint => ({
  m: 'oven',
  tags: { site: 'riverside', machine },
  f: fields,
  t: T0 + i,
});
const topicOf = (identity: EnrollResponse, subtopic?: string) =>
  subtopic === undefined ? agentTopic(identity.tenantId, identity.agentId, 'telemetry') : agentTopic(identity.tenantId, identity.agentId, 'telemetry', subtopic);

async function publishBatch(client: MqttClient, identity: EnrollResponse, points: readonly TestPoint[], batchSeq = seq++): Promise<string> {
  return publishOutcome(client, topicOf(identity), batchPayload(identity.agentId, batchSeq, points));
}

async function count(tenantId: string, where = 'true'): Promise<number> {
  const read = await t.platform.services.timeseries.query(tenantId, `SELECT count(*) FROM oven WHERE ${where}`, QUERY);
  return Number(read.rows[0]?.[0] ?? 0);
}

async function deadLetters(tenant: TestTenant, input: object = {}): Promise<DeadLetter[]> {
  return ((await t.call(tenant.ownerPrincipal, 'deadLetters.list', { limit: 200, ...input })) as { items: DeadLetter[] }).items;
}

describe('ingest over the embedded broker', () => {
  it('stores valid batches before the PUBACK: every acknowledged point is queryable at once', async () => {
    for (let i = 0; i < 3; i++) {
      expect(await publishBatch(clientA, agentA, Array.from({ length: 100 }, (_, j) => ovenPoint('Oven1', i * 100 + j)))).toBe('acked');
      expect(await count(a.tenantId, "machine = 'Oven1'")).toBe((i + 1) * 100);
    }
    const read = await t.platform.services.timeseries.query(a.tenantId, `SELECT min("ZoneTemperature1"), max("ZoneTemperature1"), max(site) FROM oven WHERE machine = 'Oven1'`, QUERY);
    expect(read.rows).toEqual([[150, 449, 'riverside']]);
  });

  it('stores a batch delivered again with the same seq once, whatever its sentAt and session', async () => {
    const points = Array.from({ length: 10 }, (_, i) => ovenPoint('Oven2', i));
    const payload = (sentAt: number) => batchPayload(agentA.agentId, 7, points, sentAt);
    const before = attached.ingest.stats().messages.duplicates;
    expect(await publishOutcome(clientA, topicOf(agentA), payload(1))).toBe('acked');
    expect(await publishOutcome(clientA, topicOf(agentA), payload(2))).toBe('acked');
    // The agent after a reconnect sends the batches it saw no PUBACK for, with a new sentAt.
    const again = await connectAgentClient(agentA);
    expect(await publishOutcome(again, topicOf(agentA), payload(3))).toBe('acked');
    await again.endAsync();
    clientA = await connectAgentClient(agentA);
    expect(await count(a.tenantId, "machine = 'Oven2'")).toBe(10);
    expect(attached.ingest.stats().messages.duplicates - before).toBe(2);
    // Concurrent copies of one batch, in flight together: still once.
    const copies = await Promise.all(Array.from({ length: 8 }, (_, i) => publishOutcome(clientA, topicOf(agentA), payload(10 + i))));
    expect(copies.every((outcome) => outcome === 'acked')).toBe(true);
    expect(await count(a.tenantId, "machine = 'Oven2'")).toBe(10);
  });

  it('turns malformed input into dead letters with a clear reason, keeps going, and keeps tenants apart', async () => {
    const before = new Set((await deadLetters(a)).map((letter) => letter.id));
    const cases: Array<[string, string | Buffer, string?]> = [
      ['truncated JSON', '{"v":1,"agentId":"ag_x","seq":3,"points":[{"m":"oven"'],
      ['not a batch', JSON.stringify({ v: 3, agentId: agentA.agentId, seq: 1, sentAt: 0, points: [] })],
      ['wrong types', batchPayload(agentA.agentId, seq++, [ovenPoint('Oven3', 1, { ZoneTemperature1: 'hot' }), { ...ovenPoint('Oven3', 2), t: 'yesterday' }])],
      ['unknown measurement', batchPayload(agentA.agentId, seq++, [{ m: 'press', tags: { machine: 'P1' }, f: { force: 12 }, t: T0 }])],
      ['oversize', Buffer.alloc(100 * 1024, 'x')],
      ['another agent', batchPayload('ag_someoneelse', seq++, [ovenPoint('Oven3', 3)])],
      ['bad line protocol', 'this is not line protocol\nneither=is this', 'lp'],
    ];
    // Tenant B keeps publishing valid data meanwhile.
    const bBatches = Promise.all(Array.from({ length: 5 }, (_, i) => publishBatch(clientB, agentB, [ovenPoint('B1', i)])));
    for (const [label, payload, subtopic] of cases) {
      expect(await publishOutcome(clientA, topicOf(agentA, subtopic), payload), label).toBe('acked');
    }
    expect(await bBatches).toEqual(Array(5).fill('acked'));
    expect(await publishBatch(clientA, agentA, [ovenPoint('Oven3', 4)])).toBe('acked');
    expect(await count(a.tenantId, "machine = 'Oven3'")).toBe(1);
    expect(await count(b.tenantId, "machine = 'B1'")).toBe(5);

    const letters = (await deadLetters(a)).filter((letter) => !before.has(letter.id));
    const byCode = new Map(letters.map((letter) => [letter.code, letter]));
    expect([...byCode.keys()].sort()).toEqual(['agent_mismatch', 'bad_line_protocol', 'invalid_batch', 'invalid_points', 'malformed_json', 'oversize']);
    expect(letters).toHaveLength(7);
    expect(byCode.get('malformed_json')!.reason).toMatch(/^malformed JSON: /);
    expect(byCode.get('invalid_batch')!.reason).toBe('not a telemetry batch: v must be 1 or 2, got 3');
    expect(byCode.get('agent_mismatch')!.reason).toBe(`the batch names agent "ag_someoneelse" but was published on the topic of agent "${agentA.agentId}"`);
    expect(byCode.get('oversize')).toMatchObject({ payloadBytes: 100 * 1024, payloadTruncated: true, reason: expect.stringContaining('over the 65536-byte limit') });
    expect(byCode.get('bad_line_protocol')).toMatchObject({ codec: 'lp', reason: expect.stringMatching(/^no line could be read; line 1: /) });
    const pointLetters = letters.filter((letter) => letter.code === 'invalid_points');
    expect(pointLetters.map((letter) => letter.reason).sort()).toEqual([
      '1 of 1 points refused: measurement "press" has no schema: register it with schemas.create',
      '2 of 2 points refused: field "ZoneTemperature1" of oven must be a number, got a string (and 1 more)',
    ]);
    const wrongTypes = pointLetters.find((letter) => letter.rejectedCount === 2)!;
    expect(wrongTypes.reasonCounts).toEqual({ wrong_type: 1, malformed_point: 1 });
    expect(letters.every((letter) => letter.agentId === agentA.agentId && letter.tenantId === a.tenantId && letter.replayedAt === null)).toBe(true);

    // Tenant B sees none of them, in its list or by id.
    expect((await deadLetters(b)).map((letter) => letter.id)).toEqual([]);
    const code = await t.call(b.ownerPrincipal, 'deadLetters.get', { id: wrongTypes.id }).then(
      () => 'ok',
      (e: { code: string }) => e.code,
    );
    expect(code).toBe('NOT_FOUND');
    expect(attached.ingest.stats().messages.failed).toBe(0);
  });

  it('stores the valid points of a partly invalid batch and keeps the rest as one dead letter, once per batch', async () => {
    const batchSeq = seq++;
    const points: TestPoint[] = [
      ovenPoint('Oven4', 0),
      ovenPoint('Oven4', 1, { ZoneTemperature1: 151, humidity: 40 }),
      ovenPoint('Oven4', 2, { running: true }),
      { m: 'oven', tags: { site: 'riverside' }, f: { ZoneTemperature1: 153 }, t: T0 + 3 },
      ovenPoint('Oven4', 4, { state: 'heating', ZoneTemperature1: 9999 }),
    ];
    const publish = () => publishBatch(clientA, agentA, points, batchSeq);
    expect(await publish()).toBe('acked');
    expect(await count(a.tenantId, "machine = 'Oven4'")).toBe(3);
    // Out of range is stored (data quality flags it), not refused.
    expect((await t.platform.services.timeseries.query(a.tenantId, `SELECT max("ZoneTemperature1") FROM oven WHERE machine = 'Oven4'`, QUERY)).rows).toEqual([[9999]]);

    const [letter] = (await deadLetters(a, { code: 'invalid_points' })).filter((item) => item.seq === batchSeq);
    expect(letter).toMatchObject({ pointCount: 5, rejectedCount: 2, reasonCounts: { unknown_field: 1, missing_tag: 1 } });
    const detail = (await t.call(a.ownerPrincipal, 'deadLetters.get', { id: letter!.id })) as {
      deadLetter: { rejections: Array<{ at: number; reasons: string[] }>; payload: string; payloadEncoding: string };
    };
    expect(detail.deadLetter.rejections).toEqual([
      { at: 1, reasons: ['field "humidity" is not in the schema of oven (version 1)'] },
      { at: 3, reasons: ['required tag "machine" of oven is missing'] },
    ]);
    expect(detail.deadLetter.payloadEncoding).toBe('utf8');
    expect(JSON.parse(detail.deadLetter.payload)).toMatchObject({ seq: batchSeq, points: expect.any(Array) });

    // Delivered again: nothing more stored, no second dead letter.
    expect(await publish()).toBe('acked');
    expect(await count(a.tenantId, "machine = 'Oven4'")).toBe(3);
    expect((await deadLetters(a, { code: 'invalid_points' })).filter((item) => item.seq === batchSeq)).toHaveLength(1);
  });

  it('reads Telegraf line protocol on telemetry/lp (nanoseconds), refusing bad lines by number', async () => {
    const ns = (ms: number) => `${ms}000000`;
    const text = [
      '# from telegraf',
      `oven,machine=Oven5,site=riverside ZoneTemperature1=181.5,running=true ${ns(T0)}`,
      '',
      `oven,machine=Oven5 ZoneTemperature1="hot" ${ns(T0 + 1)}`,
      `oven,machine=Oven5 ZoneTemperature1=182.5 ${ns(T0 + 2)}`,
      'oven,machine=Oven5 broken',
    ].join('\n');
    expect(await publishOutcome(clientA, topicOf(agentA, 'lp'), text)).toBe('acked');
    const read = await t.platform.services.timeseries.query(a.tenantId, `SELECT time, "ZoneTemperature1", running FROM oven WHERE machine = 'Oven5' ORDER BY time`, QUERY);
    expect(read.rows).toEqual([
      [new Date(T0).toISOString(), 181.5, true],
      [new Date(T0 + 2).toISOString(), 182.5, null],
    ]);
    const letter = (await deadLetters(a)).find((item) => item.codec === 'lp' && item.code === 'invalid_points')!;
    expect(letter).toMatchObject({ seq: null, pointCount: 4, rejectedCount: 2, reasonCounts: { wrong_type: 1, bad_line: 1 } });
    const detail = (await t.call(a.ownerPrincipal, 'deadLetters.get', { id: letter.id })) as { deadLetter: { rejections: Array<{ at: number }> } };
    expect(detail.deadLetter.rejections.map((rejection) => rejection.at)).toEqual([4, 6]);
  });

  it('replays a dead letter once the schema is fixed, and only once', async () => {
    const batchSeq = seq++;
    const points: TestPoint[] = Array.from({ length: 4 }, (_, i) => ({ m: 'mixer', tags: { machine: 'Mixer1' }, f: { MotorSpeed: 1200 + i }, t: T0 + i }));
    expect(await publishBatch(clientA, agentA, points, batchSeq)).toBe('acked');
    const letter = (await deadLetters(a)).find((item) => item.seq === batchSeq)!;
    expect(letter.reasonCounts).toEqual({ unknown_measurement: 4 });

    const replay = (skipInvalid = false) => t.call(a.ownerPrincipal, 'deadLetters.replay', { id: letter.id, skipInvalid }) as Promise<{ result: { status: string; written: number; rejected: number }; deadLetter: DeadLetter }>;
    expect((await replay()).result).toMatchObject({ status: 'still_invalid', written: 0, rejected: 4 });
    await t.call(a.ownerPrincipal, 'schemas.create', { measurement: 'mixer', fields: [{ name: 'MotorSpeed', type: 'number', unit: 'rpm' }], requiredTags: ['machine'] });
    const stored = await replay();
    expect(stored.result).toMatchObject({ status: 'stored', written: 4, rejected: 0 });
    expect(stored.deadLetter.replayedAt).not.toBeNull();
    expect(stored.deadLetter.replayOutcome).toMatch(/stored 4 point\(s\)$/);
    expect((await replay()).result.status).toBe('already_replayed');
    const read = await t.platform.services.timeseries.query(a.tenantId, 'SELECT count(*), sum("MotorSpeed") FROM mixer', QUERY);
    expect(read.rows).toEqual([[4, 4806]]);
    expect((await deadLetters(a, { pending: false })).map((item) => item.id)).toContain(letter.id);
    expect((await deadLetters(a, { pending: true })).map((item) => item.id)).not.toContain(letter.id);
  });

  it('applies a schema change to the very next message, and replays only the refused points', async () => {
    const batchSeq = seq++;
    const points: TestPoint[] = [ovenPoint('Oven6', 0), ovenPoint('Oven6', 1, { GasFlow: 3.5 }), ovenPoint('Oven6', 2, { GasFlow: 3.75, running: false })];
    expect(await publishBatch(clientA, agentA, points, batchSeq)).toBe('acked');
    expect(await count(a.tenantId, "machine = 'Oven6'")).toBe(1);
    const letter = (await deadLetters(a)).find((item) => item.seq === batchSeq)!;
    await t.call(a.ownerPrincipal, 'schemas.update', { ...OVEN_SCHEMA, fields: [...OVEN_SCHEMA.fields, { name: 'GasFlow', type: 'number', unit: 'm3/h' }] });
    // Checked against version 2 at once: no cache delay within the process.
    expect(await publishBatch(clientA, agentA, [ovenPoint('Oven6', 3, { GasFlow: 4 })])).toBe('acked');
    expect(await count(a.tenantId, "machine = 'Oven6'")).toBe(2);
    const replayed = (await t.call(a.ownerPrincipal, 'deadLetters.replay', { id: letter.id })) as { result: { status: string; written: number } };
    expect(replayed.result).toEqual({ status: 'stored', written: 2, rejected: 0, rejections: [] });
    const read = await t.platform.services.timeseries.query(a.tenantId, `SELECT count(*), sum("GasFlow") FROM oven WHERE machine = 'Oven6'`, QUERY);
    expect(read.rows).toEqual([[4, 11.25]]);
  });

  it('hands stored batches to stream consumers after the acknowledgement, and a failing or slow consumer changes nothing', async () => {
    let release!: () => void;
    gate = new Promise<void>((resolve) => (release = resolve));
    const before = seen.length;
    // The held consumer stops at its batch; the PUBACK does not wait for it.
    expect(await publishBatch(clientA, agentA, [ovenPoint('Oven7', 0)])).toBe('acked');
    expect(await publishBatch(clientA, agentA, [ovenPoint('Oven7', 1), ovenPoint('Oven7', 2)])).toBe('acked');
    const lagOf = async (name: string) => (await t.platform.services.writtenTelemetry.lag()).find((lag) => lag.consumer === name);
    expect((await lagOf('held'))?.lagBatches).toBeGreaterThanOrEqual(1);
    release();
    gate = Promise.resolve();
    for (let i = 0; i < 200 && seen.length < before + 2; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    const batches = seen.slice(before).filter((batch) => batch.points.some((point) => point.tags.machine === 'Oven7'));
    expect(batches.map((batch) => [batch.tenantId, batch.agentId, batch.points.length])).toEqual([
      [a.tenantId, agentA.agentId, 1],
      [a.tenantId, agentA.agentId, 2],
    ]);
    expect((await lagOf('failing'))?.failedBatches).toBeGreaterThan(0);
    expect(attached.ingest.stats().stream.appended).toBeGreaterThanOrEqual(2);
    expect(await count(a.tenantId, "machine = 'Oven7'")).toBe(3);
  });

  it("publishes a live update on the tenant's telemetry channel", async () => {
    const updates: unknown[] = [];
    const unsubscribe = await t.platform.services.bus.subscribe(telemetryChannel(a.tenantId), (message) => void updates.push(message));
    const others: unknown[] = [];
    const unsubscribeB = await t.platform.services.bus.subscribe(telemetryChannel(b.tenantId), (message) => void others.push(message));
    expect(await publishBatch(clientA, agentA, [ovenPoint('Oven8', 0), ovenPoint('Oven8', 1)])).toBe('acked');
    for (let i = 0; i < 200 && updates.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(updates[0]).toMatchObject({ agentId: agentA.agentId, count: 2, truncated: false, points: [{ m: 'oven', tags: { machine: 'Oven8' } }, { f: { ZoneTemperature1: 151 } }] });
    expect(others).toEqual([]);
    await unsubscribe();
    await unsubscribeB();
  });

  it('once closed, refuses telemetry without a PUBACK so the agent keeps it', async () => {
    await attached.close();
    const outcome = await publishBatch(clientA, agentA, [ovenPoint('Oven9', 0)]);
    expect(outcome).toBe('disconnected');
    expect(await count(a.tenantId, "machine = 'Oven9'")).toBe(0);
  });
});

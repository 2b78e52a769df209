import { agentTopic, type DeadLetter, type EnrollResponse } from '@facilflow/contracts';
import type { TestPlatform, TestTenant } from '@facilflow/testkit';
import fc from 'fast-check';
import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishOutcome, type TestPoint } from './support/agents.ts';
import { BATCH_ENCODINGS, encodeBatch, subtopicOf, type BatchEncoding } from './support/batch-encodings.ts';
import { startIngestRig, type IngestRig } from './support/ingest-rig.ts';

const T0 = Date.UTC(2025, 0, 1, 8);
const QUERY = { maxRows: 10_000, timeoutMs: 30_000 };
const CELL_SCHEMA = {
  measurement: 'cell',
  fields: [
    { name: 'level', type: 'number', unit: 'mm' },
    { name: 'running', type: 'boolean' },
    { name: 'state', type: 'string' },
  ],
  requiredTags: ['machine'],
};

let rig: IngestRig;
let t: TestPlatform;
let tenant: TestTenant;
let agent: EnrollResponse;
let client: MqttClient;
let seq = 1;
let run = 0;

beforeAll(async () => {
  rig = await startIngestRig({ tenantName: 'Compact Batch Plant', agentName: 'compact gateway', schema: CELL_SCHEMA, ingest: {} });
  ({ t, tenant, agent, client } = rig);
});
afterAll(() => rig?.close());

const topicOf = (encoding: BatchEncoding) => agentTopic(tenant.tenantId, agent.agentId, 'telemetry', subtopicOf(encoding));

/** The demo plant's shape, small: a few machines (series) with a few fields each, sampled on a seconds grid, every point valid. */
const cellPoint: fc.Arbitrary<TestPoint> = fc.record({
  m: fc.constant('cell'),
  tags: fc.record({ machine: fc.constantFrom('C1', 'C2', 'C3', 'C4'), line: fc.constantFrom('L1', 'L2') }, { requiredKeys: ['machine'] }),
  f: fc.record(
    {
      level: fc.double({ min: -1e9, max: 1e9, noNaN: true }).map((n) => (Object.is(n, -0) ? 0 : n)),
      running: fc.boolean(),
      state: fc.string({ unit: 'binary', maxLength: 12 }),
    },
    { requiredKeys: [] },
  ).filter((fields) => Object.keys(fields).length > 0),
  t: fc.integer({ min: 0, max: 600 }).map((second) => T0 + second * 1000),
});

/** Every stored row of one run, the `run` tag left out, in a fixed order: the table's columns are the same for all runs. */
async function storedRows(runTag: string): Promise<unknown[][]> {
  const result = await t.platform.services.timeseries.query(tenant.tenantId, `SELECT * FROM cell WHERE run = '${runTag}'`, QUERY);
  const runColumn = result.columns.findIndex((column) => column.name === 'run');
  const rows = result.rows.map((row) => row.filter((_value, index) => index !== runColumn));
  return rows.sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : JSON.stringify(a) > JSON.stringify(b) ? 1 : 0));
}

async function deadLetterCount(): Promise<number> {
  const { items } = (await t.call(tenant.ownerPrincipal, 'deadLetters.list', { limit: 200 })) as { items: DeadLetter[] };
  return items.length;
}

describe('the same points as v1 JSON, v2 JSON and v2 MessagePack', () => {
  it('are stored as identical rows', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(cellPoint, { minLength: 1, maxLength: 120 }), async (points) => {
        run++;
        const stored: Record<string, unknown[][]> = {};
        for (const encoding of BATCH_ENCODINGS) {
          const runTag = `r${run}_${encoding.replace('-', '_')}`;
          const tagged = points.map((point) => ({ ...point, tags: { ...point.tags, run: runTag } }));
          const payload = encodeBatch(encoding, { agentId: agent.agentId, seq: seq++, sentAt: Date.now() }, tagged);
          expect(await publishOutcome(client, topicOf(encoding), payload)).toBe('acked');
          stored[encoding] = await storedRows(runTag);
        }
        expect(stored['v1-json']).toHaveLength(points.length);
        expect(stored['v2-json']).toEqual(stored['v1-json']);
        expect(stored['v2-msgpack']).toEqual(stored['v1-json']);
      }),
      { numRuns: 25 },
    );
    expect(await deadLetterCount()).toBe(0);
  });

  it('a v2 batch delivered again is stored once, by (agent, seq) as v1, whichever encoding carries it the second time', async () => {
    const points: TestPoint[] = [
      { m: 'cell', tags: { machine: 'C1', run: 'again' }, f: { level: 1 }, t: T0 },
      { m: 'cell', tags: { machine: 'C2', run: 'again' }, f: { level: 2, running: true }, t: T0 },
    ];
    const envelope = { agentId: agent.agentId, seq: seq++, sentAt: T0 };
    for (const encoding of ['v2-msgpack', 'v2-msgpack', 'v2-json'] as const) {
      expect(await publishOutcome(client, topicOf(encoding), encodeBatch(encoding, envelope, points))).toBe('acked');
    }
    expect(await storedRows('again')).toHaveLength(2);
    expect(rig.attached.ingest.stats().messages.duplicates).toBeGreaterThanOrEqual(2);
  });
});

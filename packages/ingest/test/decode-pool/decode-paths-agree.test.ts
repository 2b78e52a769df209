import type { MeasurementSchema, TelemetryCodec } from '@facilflow/contracts';
import { checkDecodedTelemetry, checkTelemetryMessage, compileMeasurementSchema, decodeTelemetryMessage } from '@facilflow/core';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { createDecodePool } from '../../src/decode-pool/create-decode-pool.ts';
import type { TestPoint } from '../support/agents.ts';
import { encodeBatch, type BatchEncoding } from '../support/batch-encodings.ts';

const T0 = Date.UTC(2025, 5, 1);
const AGENT = 'ag_agree';
const LINE_PROTOCOL = { now: T0 };
const gauge: MeasurementSchema = {
  tenantId: 't_agree',
  measurement: 'gauge',
  version: 1,
  description: null,
  fields: [
    { name: 'level', type: 'number', required: true },
    { name: 'ok', type: 'boolean', required: false },
    { name: 'state', type: 'string', required: false },
  ],
  requiredTags: ['line'],
  createdBy: 'test',
  createdAt: '2025-01-01T00:00:00.000Z',
};
const compiled = compileMeasurementSchema(gauge);
const schemaFor = (measurement: string) => (measurement === 'gauge' ? compiled : undefined);

const value = fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer(), fc.boolean(), fc.string({ unit: 'binary', maxLength: 5 }), fc.constant('pad\u0000'), fc.constant(null));
const name = fc.constantFrom('level', 'ok', 'state', 'extra', '__proto__', 'bad name', '');
const point: fc.Arbitrary<TestPoint> = fc.record({
  m: fc.constantFrom('gauge', 'gauge', 'gauge', 'other', '', 'ga\u0000uge'),
  tags: fc.record({ line: fc.constantFrom('L1', 'L2', 'Ä3', 'x\u0000'), zone: fc.constantFrom('a', 'b') }, { requiredKeys: [] }),
  f: fc.dictionary(name, value, { minKeys: 0, maxKeys: 3 }),
  t: fc.oneof({ weight: 8, arbitrary: fc.integer({ min: T0, max: T0 + 60_000 }) }, { weight: 1, arbitrary: fc.constantFrom(-1, T0 + 0.25, 'soon', Number.MAX_SAFE_INTEGER + 2) }),
});

/** A point as a line of line protocol, or a line that is not one. */
const line = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(fc.constantFrom('gauge', 'other'), fc.constantFrom('L1', 'L2'), fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e9, max: 1e9 }), fc.boolean(), fc.integer({ min: 0, max: 60_000 })).map(([m, tag, level, ok, dt]) => `${m},line=${tag} level=${level},ok=${ok} ${(T0 + dt) * 1_000_000}`) },
  { weight: 1, arbitrary: fc.constantFrom('', '# a comment', 'gauge level=1', 'gauge,line=L1 level="text"i', 'no fields here') },
  { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
);

type Message = { codec: TelemetryCodec; payload: Buffer };

const batchMessage: fc.Arbitrary<Message> = fc
  .tuple(fc.constantFrom<BatchEncoding>('v1-json', 'v2-json', 'v2-msgpack'), fc.array(point, { minLength: 1, maxLength: 30 }), fc.nat({ max: 1000 }), fc.constantFrom(AGENT, AGENT, AGENT, 'ag_other'))
  .map(([encoding, points, seq, agentId]) => ({ codec: encoding === 'v2-msgpack' ? ('msgpack' as const) : ('json' as const), payload: encodeBatch(encoding, { agentId, seq, sentAt: T0 }, points) }));
const lineProtocolMessage: fc.Arbitrary<Message> = fc.array(line, { minLength: 0, maxLength: 30 }).map((lines) => ({ codec: 'lp' as const, payload: Buffer.from(lines.join('\n')) }));
/** Bytes that are not a batch: cut short, random, or a batch of another shape. */
const malformedMessage: fc.Arbitrary<Message> = fc.oneof(
  fc.tuple(batchMessage, fc.double({ min: 0, max: 1, noNaN: true })).map(([message, share]) => ({ ...message, payload: message.payload.subarray(0, Math.floor(message.payload.length * share)) })),
  fc.tuple(fc.constantFrom<TelemetryCodec>('json', 'msgpack', 'lp'), fc.uint8Array({ maxLength: 64 })).map(([codec, bytes]) => ({ codec, payload: Buffer.from(bytes) })),
  fc.constantFrom<Message>(
    { codec: 'json', payload: Buffer.from('{"v":3,"agentId":"ag_agree","seq":1,"sentAt":1,"points":[]}') },
    { codec: 'json', payload: Buffer.from('[1,2,3]') },
    { codec: 'json', payload: Buffer.from('{"v":2,"agentId":"ag_agree","seq":1,"sentAt":1,"series":[{"m":"gauge","times":[1,2],"fields":{"level":[1]}}]}') },
  ),
);

const pool = createDecodePool({ threads: 2 });
afterAll(() => pool.close());

let turn = 0;
/** The pool's decode of a message; each under a key of its own, so none waits for another. */
async function decodeOnPool(message: Message) {
  const { decoded, release } = await pool.decode(`agree-${turn++}`, message.codec, message.payload, { agentId: AGENT, lineProtocol: LINE_PROTOCOL });
  release();
  return decoded;
}

describe('decoding on the pool and on the ingest thread agree', () => {
  it('on generated JSON, MessagePack and line-protocol messages, valid, partly invalid and malformed: same decode, same check', async () => {
    const codecs = new Set<string>();
    const outcomes = new Set<string>();
    await fc.assert(
      fc.asyncProperty(fc.oneof(batchMessage, lineProtocolMessage, malformedMessage), async (message) => {
        const onThread = decodeTelemetryMessage(message.codec, message.payload, { agentId: AGENT, lineProtocol: LINE_PROTOCOL });
        const onPool = await decodeOnPool(message);
        expect(onPool).toStrictEqual(onThread);
        const checked = checkTelemetryMessage({ codec: message.codec, payload: message.payload, agentId: AGENT, schemaFor, lineProtocol: LINE_PROTOCOL });
        expect(checkDecodedTelemetry(onPool, schemaFor)).toStrictEqual(checked);
        codecs.add(message.codec);
        outcomes.add(checked.ok ? (checked.rejections.length > 0 ? 'some refused' : 'all pass') : checked.code);
      }),
      { numRuns: 400, seed: 20250601 },
    );
    // The generator reached every codec and the outcomes that matter, so agreement was tested on each.
    expect([...codecs].sort()).toEqual(['json', 'lp', 'msgpack']);
    for (const outcome of ['all pass', 'some refused', 'malformed_json', 'malformed_msgpack', 'invalid_batch', 'agent_mismatch', 'bad_line_protocol']) expect(outcomes).toContain(outcome);
  });
});

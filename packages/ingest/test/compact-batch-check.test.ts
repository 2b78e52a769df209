import type { MeasurementSchema } from '@facilflow/contracts';
import { checkTelemetryMessage, compileMeasurementSchema, type TelemetryMessageCheck } from '@facilflow/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TestPoint } from './support/agents.ts';
import { BATCH_ENCODINGS, encodeBatch, flattenedOrder, subtopicOf, type BatchEncoding } from './support/batch-encodings.ts';

const T0 = Date.UTC(2025, 0, 1);
const oven: MeasurementSchema = {
  tenantId: 't_x',
  measurement: 'oven',
  version: 1,
  description: null,
  fields: [
    { name: 'Temp', type: 'number', unit: 'degC', required: true },
    { name: 'running', type: 'boolean', required: false },
    { name: 'state', type: 'string', required: false },
  ],
  requiredTags: ['machine'],
  createdBy: 'test',
  createdAt: '2025-01-01T00:00:00.000Z',
};
const compiled = compileMeasurementSchema(oven);

function check(encoding: BatchEncoding, points: readonly TestPoint[]): TelemetryMessageCheck {
  return checkTelemetryMessage({
    codec: subtopicOf(encoding) === 'msgpack' ? 'msgpack' : 'json',
    payload: encodeBatch(encoding, { agentId: 'ag_1', seq: 9, sentAt: T0 }, points),
    agentId: 'ag_1',
    schemaFor: (m) => (m === 'oven' ? compiled : undefined),
  });
}

// Values of every type under every field name, so the schema passes some points and refuses others for each reason it has.
const value = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => (Object.is(n, -0) ? 0 : n)),
  fc.integer({ min: -1e6, max: 1e6 }),
  fc.boolean(),
  // Whole code points with NULs among them: lone surrogates have no UTF-8 form, so MessagePack cannot carry them at all.
  fc.string({ unit: 'binary', maxLength: 6 }),
  fc.constant('pad\u0000\u0000'),
);
const point: fc.Arbitrary<TestPoint> = fc.record({
  m: fc.constantFrom('oven', 'oven', 'oven', 'press'),
  tags: fc.record({ machine: fc.constantFrom('O1', 'O2', 'Ö3'), zone: fc.constantFrom('a', 'b', 'a\u0000') }, { requiredKeys: [] }),
  f: fc.dictionary(fc.constantFrom('Temp', 'running', 'state', 'extra'), value, { minKeys: 1, maxKeys: 3 }),
  t: fc.oneof({ weight: 10, arbitrary: fc.integer({ min: T0, max: T0 + 30_000 }) }, { weight: 1, arbitrary: fc.constantFrom(-1, T0 + 0.5, Number.MAX_SAFE_INTEGER + 2) }),
});

/** Rejections with what must agree across encodings: position, codes, and the message except for structural ones (their paths differ: `t` vs `series[0].times[2]`). */
function comparable(result: TelemetryMessageCheck) {
  if (!result.ok) return result;
  return {
    ...result,
    rejections: result.rejections.map((rejection) => ({ at: rejection.at, problems: rejection.problems.map((problem) => (problem.code === 'malformed_point' ? problem.code : problem)) })),
  };
}

describe('compact batches (v2) are checked like v1 batches', () => {
  it('the same points give the same points, positions and rejections in v1 JSON, v2 JSON and v2 MessagePack (positions in flattened order)', () => {
    fc.assert(
      fc.property(fc.array(point, { minLength: 1, maxLength: 40 }), (points) => {
        // v1 in the flattened order of v2, so a position names the same point in all three.
        const flattened = flattenedOrder(points);
        const expected = comparable(check('v1-json', flattened));
        for (const encoding of BATCH_ENCODINGS.filter((one) => one !== 'v1-json')) expect(comparable(check(encoding, points)), encoding).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('a refused point of a compact batch is named by its flattened position, and its time by its series and row', () => {
    const points: TestPoint[] = [
      { m: 'oven', tags: { machine: 'O1' }, f: { Temp: 1 }, t: T0 },
      { m: 'oven', tags: { machine: 'O2' }, f: { Temp: 2 }, t: T0 },
      { m: 'oven', tags: { machine: 'O1' }, f: { Temp: 3 }, t: -5 },
      { m: 'oven', tags: { machine: 'O2' }, f: { running: true }, t: T0 + 1 },
    ];
    const result = check('v2-json', points);
    expect(result).toMatchObject({ ok: true, pointCount: 4, positions: [0, 2] });
    if (!result.ok) return;
    // Flattened: O1's two points (positions 0, 1), then O2's (2, 3).
    expect(result.rejections).toEqual([
      { at: 1, problems: [{ code: 'malformed_point', message: 'series[0].times[1] must be a non-negative number of epoch milliseconds (decimals for finer than a millisecond), got a number' }] },
      { at: 3, problems: [{ code: 'missing_field', message: 'required field "Temp" of oven is missing' }] },
    ]);
  });
});

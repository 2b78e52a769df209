import { pointSchema, type MeasurementSchema } from '@facilflow/contracts';
import { checkTelemetryMessage, compatibilityProblems, compileMeasurementSchema, type TelemetryMessageInput } from '@facilflow/core';
import { describe, expect, it } from 'vitest';

const oven: MeasurementSchema = {
  tenantId: 't_x',
  measurement: 'oven',
  version: 3,
  description: null,
  fields: [
    { name: 'Temp', type: 'number', unit: 'degC', min: 0, max: 400, required: true },
    { name: 'running', type: 'boolean', required: false },
    { name: 'state', type: 'string', required: false },
  ],
  requiredTags: ['machine'],
  createdBy: 'test',
  createdAt: '2025-01-01T00:00:00.000Z',
};
const compiled = compileMeasurementSchema(oven);
const T0 = Date.UTC(2025, 0, 1);

function check(payload: unknown, extra: Partial<TelemetryMessageInput> = {}) {
  return checkTelemetryMessage({
    codec: 'json',
    payload: Buffer.from(typeof payload === 'string' ? payload : JSON.stringify(payload)),
    agentId: 'ag_1',
    schemaFor: (m) => (m === 'oven' ? compiled : undefined),
    ...extra,
  });
}
const batch = (points: unknown[], seq = 5) => ({ v: 1, agentId: 'ag_1', seq, sentAt: T0, points });

describe('checking a telemetry message against the schemas', () => {
  it('passes valid points (range is not checked) and refuses the rest with reasons', () => {
    const result = check(
      batch([
        { m: 'oven', tags: { machine: 'O1' }, f: { Temp: 999 }, t: T0 },
        { m: 'oven', tags: { machine: 'O1' }, f: { Temp: 1, extra: 2 }, t: T0 },
        { m: 'oven', tags: {}, f: { running: 'yes' }, t: T0 },
        { m: 'press', f: { x: 1 }, t: T0 },
        { m: 'oven', tags: { machine: 'O1' }, f: { Temp: 1 }, t: -1 },
        { m: 'oven', tags: { machine: 'O1' }, f: {}, t: T0 },
        'not a point',
      ]),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result).toMatchObject({ seq: 5, pointCount: 7, positions: [0] });
    expect(result.points).toEqual([{ m: 'oven', tags: { machine: 'O1' }, f: { Temp: 999 }, t: T0 }]);
    expect(result.rejections.map((r) => [r.at, r.problems.map((p) => p.code)])).toEqual([
      [1, ['unknown_field']],
      [2, ['wrong_type', 'missing_field', 'missing_tag']],
      [3, ['unknown_measurement']],
      [4, ['malformed_point']],
      [5, ['malformed_point']],
      [6, ['malformed_point']],
    ]);
    expect(result.rejections[1]!.problems.map((p) => p.message)).toEqual([
      'field "running" of oven must be a boolean, got a string',
      'required field "Temp" of oven is missing',
      'required tag "machine" of oven is missing',
    ]);
  });

  it('stores unknown measurements unchecked only when told to', () => {
    const result = check(batch([{ m: 'press', f: { x: 1 }, t: T0 }]), { unknownMeasurements: 'accept' });
    expect(result.ok && result.points).toEqual([{ m: 'press', tags: {}, f: { x: 1 }, t: T0 }]);
  });

  it('refuses a message that is not a batch as a whole', () => {
    const refusal = (payload: unknown) => {
      const result = check(payload);
      return result.ok ? 'ok' : `${result.code}: ${result.reason}`;
    };
    expect(refusal('{"v":1,')).toMatch(/^malformed_json: malformed JSON: /);
    expect(refusal('[1,2]')).toBe('invalid_batch: not a telemetry batch: the message is not a JSON object');
    expect(refusal({ ...batch([]), seq: -1 })).toBe('invalid_batch: not a telemetry batch: seq must be a non-negative integer');
    expect(refusal(batch([]))).toBe('invalid_batch: not a telemetry batch: points is empty');
    expect(refusal(batch(Array(10_001).fill({ m: 'oven', f: { Temp: 1 }, t: 0 })))).toBe(
      'invalid_batch: not a telemetry batch: 10001 points, more than the 10000 a batch may hold',
    );
    expect(refusal({ ...batch([{ m: 'oven', f: { Temp: 1 }, t: 0 }]), agentId: 'ag_2' })).toBe(
      'agent_mismatch: the batch names agent "ag_2" but was published on the topic of agent "ag_1"',
    );
  });

  it('agrees with the contract on what a well-formed point is', () => {
    // A measurement without a schema, accepted unchecked: only the contract's rules apply.
    const samples: unknown[] = [
      { m: 'free', tags: { machine: 'O1' }, f: { Temp: 1 }, t: 0 },
      { m: 'free', f: { Temp: 1 }, t: 0 },
      { m: 'free', f: { Temp: 1, running: true, state: 'x' }, t: 1.5 },
      { m: '1free', f: { Temp: 1 }, t: 0 },
      { m: 'o'.repeat(65), f: { Temp: 1 }, t: 0 },
      { m: 'free', tags: { machine: 1 }, f: { Temp: 1 }, t: 0 },
      { m: 'free', tags: { machine: 'x'.repeat(257) }, f: { Temp: 1 }, t: 0 },
      { m: 'free', f: { state: 'x'.repeat(4097) }, t: 0 },
      { m: 'free', f: { Temp: null }, t: 0 },
      { m: 'free', f: { Temp: [1] }, t: 0 },
      { m: 'free', f: {}, t: 0 },
      { m: 'free', f: { 'bad-name': 1 }, t: 0 },
      { m: 'free', tags: [], f: { Temp: 1 }, t: 0 },
      { m: 'free', f: { Temp: 1 } },
      { m: 'free', f: { Temp: 1 }, t: '0' },
    ];
    for (const sample of samples) {
      const ours = check(batch([sample]), { unknownMeasurements: 'accept' });
      const contract = pointSchema.safeParse(sample).success;
      expect(ours.ok && ours.points.length === 1, JSON.stringify(sample).slice(0, 80)).toBe(contract);
    }
  });

  it('numbers line protocol rejections by line, skipping blanks and comments, and replays only the lines asked for', () => {
    const text = ['# comment', 'oven,machine=O1 Temp=1 1000000', '', '   ', 'oven,machine=O1 Temp="x" 2000000', 'garbage', 'oven,machine=O1 Temp=3 3000000\r', ''].join('\n');
    const lp = (only?: Set<number>) => check(text, { codec: 'lp', ...(only ? { only } : {}) });
    const all = lp();
    expect(all.ok).toBe(true);
    if (!all.ok) return;
    expect(all.positions).toEqual([2, 7]);
    expect(all.points.map((p) => p.t)).toEqual([1, 3]);
    expect(all.pointCount).toBe(4);
    expect(all.rejections.map((r) => [r.at, r.problems[0]!.code])).toEqual([
      [5, 'wrong_type'],
      [6, 'bad_line'],
    ]);
    const some = lp(new Set([5, 7]));
    expect(some.ok && [some.positions, some.rejections.map((r) => r.at)]).toEqual([[7], [5]]);
    const none = check('nothing here', { codec: 'lp' });
    expect(none.ok ? 'ok' : none.code).toBe('bad_line_protocol');
  });
});

describe('schema compatibility', () => {
  const shape = (fields: MeasurementSchema['fields'], requiredTags: string[] = []) => ({ fields, requiredTags });
  const f = (name: string, type: 'number' | 'boolean' | 'string', more: Partial<MeasurementSchema['fields'][number]> = {}) => ({ name, type, required: false, ...more });

  it('allows what keeps old data valid and meaningful', () => {
    const latest = shape([f('a', 'number', { unit: 'degC', min: 0, max: 10, required: true }), f('b', 'string')], ['machine', 'site']);
    expect(compatibilityProblems(latest, shape([f('a', 'number', { unit: 'degC', max: 5 }), f('b', 'string', { unit: 'text' }), f('c', 'boolean')], ['site']))).toEqual([]);
  });

  it('names each change that would refuse old data or change its meaning', () => {
    const latest = shape([f('a', 'number', { unit: 'degC' }), f('b', 'string'), f('c', 'number')], ['machine']);
    expect(compatibilityProblems(latest, shape([f('a', 'number', { unit: 'degF' }), f('b', 'number', { required: true }), f('d', 'number', { required: true })], ['machine', 'line']))).toEqual([
      'field "a" changes unit from degC to degF: stored values would change meaning (add a new field instead)',
      'field "b" changes type from string to number: stored values keep the old type',
      'field "b" becomes required: points without it would be refused',
      'field "c" is removed: points that carry it would be refused',
      'new field "d" is required: points sent so far do not carry it',
      'tag "line" becomes required: points without it would be refused',
    ]);
  });
});

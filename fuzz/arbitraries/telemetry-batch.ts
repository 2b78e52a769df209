import fc from 'fast-check';
import { damagedBytes } from './bytes.ts';
import { hostileJson, hostileLeaf, hostileString, PROTOTYPE_KEYS } from './hostile-values.ts';
import { mutated } from './mutate.ts';

/** A placeholder string the JSON text replaces with a raw token JSON.stringify cannot write. */
const RAW = '\u0001raw\u0001';

const RAW_TOKENS = [
  '1e999', '-1e999', '123456789012345678901234567890', '-0', '0.1e-400', 'NaN', 'Infinity', '"\\ud800"', '"\\udfff\\ud800"', '"a\\u0000b"',
  '{"__proto__":{"polluted":true}}', '{"constructor":{"prototype":{"x":1}}}', '[' .repeat(5_000) + ']'.repeat(5_000), '{"a":'.repeat(3_000) + '1' + '}'.repeat(3_000),
  '9007199254740993', '1.7976931348623157e309', '"' + 'x'.repeat(70_000) + '"',
];

const fieldValue = fc.oneof({ weight: 4, arbitrary: fc.double({ min: -1e6, max: 1e6, noNaN: true }) }, { weight: 1, arbitrary: fc.boolean() }, { weight: 1, arbitrary: fc.string({ maxLength: 12 }) }, { weight: 2, arbitrary: hostileLeaf }, { weight: 1, arbitrary: fc.constant(RAW) });
const name = fc.oneof({ weight: 6, arbitrary: fc.constantFrom('oven', 'ZoneTemperature1', 'running', 'state', 'machine', 'unknown_measurement') }, { weight: 2, arbitrary: hostileString }, { weight: 1, arbitrary: fc.constantFrom(...PROTOTYPE_KEYS) });

const point = fc.record({
  m: fc.oneof({ weight: 4, arbitrary: fc.constant('oven') }, { weight: 1, arbitrary: name }),
  tags: fc.dictionary(name, fc.oneof(fc.constantFrom('Oven1', 'Oven2'), hostileString), { maxKeys: 4 }),
  f: fc.dictionary(name, fieldValue, { minKeys: 1, maxKeys: 4 }),
  t: fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 1_600_000_000_000, max: 1_900_000_000_000 }) }, { weight: 1, arbitrary: fc.oneof(hostileLeaf, fc.constant(RAW)) }),
});

/** A batch as the agent writes it, for this agent or another, with a few or many points. */
export function validishBatch(agentIds: readonly string[]): fc.Arbitrary<unknown> {
  return fc.record({
    v: fc.oneof({ weight: 9, arbitrary: fc.constant(1) }, { weight: 1, arbitrary: hostileLeaf }),
    agentId: fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...agentIds) }, { weight: 1, arbitrary: hostileString }),
    seq: fc.oneof({ weight: 9, arbitrary: fc.nat() }, { weight: 1, arbitrary: fc.oneof(hostileLeaf, fc.constant(RAW)) }),
    sentAt: fc.oneof({ weight: 9, arbitrary: fc.integer({ min: 1_600_000_000_000, max: 1_900_000_000_000 }) }, { weight: 1, arbitrary: hostileLeaf }),
    points: fc.oneof({ weight: 200, arbitrary: fc.array(point, { minLength: 1, maxLength: 6 }) }, { weight: 1, arbitrary: fc.constantFrom(0, 10_001).chain((n) => fc.constant(Array.from({ length: n }, (_, i) => ({ m: 'oven', tags: { machine: 'Oven1' }, f: { ZoneTemperature1: i }, t: 1_700_000_000_000 + i })))) }),
  });
}

/** JSON batch payloads: valid-ish, mutated, from scratch; raw tokens spliced in; then byte damage. */
export function jsonBatchPayload(agentIds: readonly string[]): fc.Arbitrary<Buffer> {
  const valid = validishBatch(agentIds);
  const value = fc.oneof({ weight: 3, arbitrary: valid }, { weight: 4, arbitrary: mutated(valid) }, { weight: 1, arbitrary: hostileJson });
  const text = fc.tuple(value, fc.constantFrom(...RAW_TOKENS)).map(([v, raw]) => (toJsonText(v) ?? 'undefined').split(JSON.stringify(RAW)).join(raw));
  return damagedBytes(text.map((s) => Buffer.from(s, 'utf8')));
}

/** JSON.stringify that writes what it cannot encode instead of throwing, so every value becomes some text. */
function toJsonText(value: unknown): string | undefined {
  try {
    return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}` : typeof v === 'symbol' ? v.toString() : v));
  } catch {
    return '{"v":1,"points":' + '['.repeat(100) + ']'.repeat(100) + '}';
  }
}

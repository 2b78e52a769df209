import fc from 'fast-check';
import { damagedBytes } from './bytes.ts';
import { nastyString, oversizeString } from './hostile-values.ts';

/** Pieces of line-protocol syntax and the characters its escaping rules are about. */
const SYNTAX = [',', ' ', '=', '\\', '"', '\\,', '\\ ', '\\=', '\\"', '\\\\', '\n', '\r\n', '#', '\t', '\u0000', '\uD800', 'i', 'u', 't', 'f', 'T', 'FALSE'];

const piece = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...SYNTAX) }, { weight: 2, arbitrary: fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,8}$/) }, { weight: 1, arbitrary: nastyString });
const junk = fc.array(piece, { minLength: 1, maxLength: 8 }).map((p) => p.join(''));

const identifier = fc.oneof({ weight: 60, arbitrary: fc.constantFrom('oven', 'ZoneTemperature1', 'running', 'state', 'machine', 'site', 'other_m') }, { weight: 20, arbitrary: junk }, { weight: 10, arbitrary: fc.constantFrom('__proto__', 'constructor', 'prototype') }, { weight: 1, arbitrary: oversizeString });

const number = fc.oneof(
  fc.double({ noNaN: false }).map(String),
  fc.constantFrom('1e999', '-1e999', 'NaN', 'Infinity', '-0', '.5', '5.', '1e', '+1', '--1', '0x10', '1_000', '١٢٣'),
  fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map(String),
);

const fieldValue = fc.oneof(
  number,
  fc.oneof(number, fc.bigInt().map(String)).map((n) => `${n}i`),
  fc.oneof(number, fc.bigInt().map(String)).map((n) => `${n}u`),
  fc.oneof({ weight: 10, arbitrary: fc.string({ maxLength: 20 }) }, { weight: 10, arbitrary: nastyString }, { weight: 1, arbitrary: oversizeString }).map((s) => `"${s}"`),
  fc.constantFrom('t', 'T', 'true', 'True', 'TRUE', 'f', 'false', 'yes', '"', '"unterminated', ''),
  junk,
);

const timestamp = fc.oneof(
  fc.bigInt({ min: 1_600_000_000_000_000_000n, max: 1_900_000_000_000_000_000n }).map(String),
  fc.constantFrom('', '0', '-1', '99999999999999999999999999', '1e18', '1.5', 'now', '-9223372036854775808', '9223372036854775807'),
  fc.bigInt().map(String),
);

const pairs = (value: fc.Arbitrary<string>, min: number) => fc.array(fc.tuple(identifier, value).map(([k, v]) => `${k}=${v}`), { minLength: min, maxLength: 5 }).map((p) => p.join(','));

const line = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(identifier, pairs(fc.oneof(fc.constantFrom('Oven1', 'Oven2'), junk), 0), pairs(fieldValue, 1), timestamp).map(([m, tags, fields, ts]) => `${m}${tags ? `,${tags}` : ''} ${fields}${ts ? ` ${ts}` : ''}`) },
  { weight: 2, arbitrary: fc.array(piece, { maxLength: 20 }).map((p) => p.join('')) },
  { weight: 1, arbitrary: fc.constantFrom('', '#comment', ' ', 'oven', 'oven ', 'oven,machine=Oven1', 'oven ZoneTemperature1=', 'oven,=x f=1', 'oven f=1 1 2', ',', '=') },
);

/** Line-protocol text, many lines or few, mostly near the grammar and sometimes far off it. */
export const lineProtocolText: fc.Arbitrary<string> = fc.oneof(
  { weight: 400, arbitrary: fc.array(line, { minLength: 1, maxLength: 8 }).chain((lines) => fc.constantFrom('\n', '\r\n', '\n\n').map((sep) => lines.join(sep))) },
  { weight: 1, arbitrary: fc.constant(10_001).map((n) => Array.from({ length: n }, (_, i) => `oven,machine=Oven1 ZoneTemperature1=${i} ${1_700_000_000_000_000_000 + i}`).join('\n')) },
);

export const lineProtocolPayload: fc.Arbitrary<Buffer> = damagedBytes(lineProtocolText.map((s) => Buffer.from(s, 'utf8')));

import fc from 'fast-check';

/** Keys that turn a careless `obj[key] = …` or spread into prototype pollution. */
export const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString', 'valueOf'] as const;

/** Characters that break storage layers rather than parsers: PostgreSQL refuses NUL, UTF-8 encoders choke on lone surrogates. */
const NASTY_CHARS = ['\u0000', '\uD800', '\uDFFF', '\uFFFE', '\uFEFF', '\u202E', '\u2028', '\n', '\r', '\t', '\\', '"', "'", '`', '%', '$', '{', '}', ',', '=', ' ', '/', '..', '\u00e9', '\u{1F525}'];

export const nastyChar = fc.constantFrom(...NASTY_CHARS);

/** Short strings built mostly from the characters that break things, with ordinary text around them. */
export const nastyString: fc.Arbitrary<string> = fc
  .array(fc.oneof({ weight: 3, arbitrary: nastyChar }, { weight: 2, arbitrary: fc.string({ maxLength: 6, unit: 'binary' }) }, { weight: 1, arbitrary: fc.constantFrom(...PROTOTYPE_KEYS) }), { maxLength: 12 })
  .map((parts) => parts.join(''));

/** Strings past every limit a schema is likely to set, repeated from a short seed so generating them stays cheap. */
export const oversizeString: fc.Arbitrary<string> = fc
  .tuple(fc.oneof(fc.string({ minLength: 1, maxLength: 4 }), nastyChar), fc.constantFrom(65, 257, 1025, 4097, 20_001, 70_000, 300_000))
  .map(([seed, length]) => seed.repeat(Math.ceil(length / seed.length)).slice(0, length));

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: nastyString },
  { weight: 2, arbitrary: fc.string({ maxLength: 40, unit: 'binary' }) },
  { weight: 1, arbitrary: oversizeString },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', 'null', 'undefined', 'NaN', '-0', '1e309', '0x10', '../../etc/passwd', "'; DROP TABLE audit_log; --", '$1', ':memory:', 'file:///etc/passwd') },
);

export const hostileNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(Number.NaN, Infinity, -Infinity, -0, Number.MAX_VALUE, -Number.MAX_VALUE, Number.MIN_VALUE, Number.MAX_SAFE_INTEGER + 2, -(2 ** 63), 2 ** 64, 1e308, 0.1 + 0.2, 2 ** 31, -1),
  fc.double(),
  fc.integer(),
);

/** Values JSON cannot carry but an in-process caller can hand over. */
const nonJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(undefined),
  fc.bigInt(),
  fc.constant(Symbol('fuzz')),
  fc.date({ noInvalidDate: false }),
  fc.constant(() => 1),
  fc.constant(new Map([['a', 1]])),
  fc.constant(new Uint8Array([0, 255])),
);

export const hostileLeaf: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: hostileString },
  { weight: 3, arbitrary: hostileNumber },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: nonJson },
);

export const hostileKey: fc.Arbitrary<string> = fc.oneof({ weight: 2, arbitrary: fc.constantFrom(...PROTOTYPE_KEYS) }, { weight: 3, arbitrary: nastyString }, { weight: 1, arbitrary: oversizeString });

/** An object literal whose own keys include `__proto__` and friends (a plain `{ __proto__: x }` would set the prototype instead). */
export function withOwnKeys(entries: ReadonlyArray<readonly [string, unknown]>): Record<string, unknown> {
  const target: Record<string, unknown> = {};
  for (const [key, value] of entries) Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  return target;
}

const { tree } = fc.letrec<{ tree: unknown; node: unknown }>((tie) => ({
  tree: fc.oneof({ depthSize: 'small', withCrossShrink: true }, hostileLeaf, tie('node')),
  node: fc.oneof(
    fc.array(tie('tree'), { maxLength: 5 }),
    fc.array(fc.tuple(fc.oneof(hostileKey, fc.string({ maxLength: 8 })), tie('tree')), { maxLength: 5 }).map(withOwnKeys),
  ),
}));

/** Nesting far past any sane document: recursion in parsers, serializers and walkers. */
const deep: fc.Arbitrary<unknown> = fc
  .tuple(fc.constantFrom(50, 500, 5_000, 20_000), fc.boolean(), hostileLeaf)
  .map(([depth, asArray, leaf]) => {
    let value: unknown = leaf;
    for (let i = 0; i < depth; i++) value = asArray ? [value] : { a: value };
    return value;
  });

/** Breadth: many keys or elements, cheap to make. */
const wide: fc.Arbitrary<unknown> = fc
  .tuple(fc.constantFrom(1_000, 10_000, 50_000), fc.boolean(), hostileLeaf)
  .map(([width, asArray, leaf]) => (asArray ? Array.from({ length: width }, () => leaf) : Object.fromEntries(Array.from({ length: width }, (_, i) => [`k${i}`, leaf]))));

export const hostileJson: fc.Arbitrary<unknown> = fc.oneof({ weight: 20, arbitrary: tree }, { weight: 2, arbitrary: deep }, { weight: 1, arbitrary: wide });

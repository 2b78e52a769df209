import { isJsonLimitError, JSON_LIMITS, parseBoundedJson } from '@facilflow/contracts';
import fc from 'fast-check';
import { Packr } from 'msgpackr';
import { describe, expect, it } from 'vitest';
import { isMalformedMsgpackError, unpackBoundedMsgpack } from '../../src/schemas/bounded-msgpack.ts';

const packr = new Packr({ useRecords: false });
const noProtoKey = (value: unknown): boolean => !JSON.stringify(value).includes('"__proto__"');

function refusal(run: () => unknown): string {
  try {
    run();
    return 'decoded';
  } catch (error) {
    if (isJsonLimitError(error)) return `limit ${error.limit}`;
    if (isMalformedMsgpackError(error)) return 'malformed';
    throw error;
  }
}

describe('bounded MessagePack decoding', () => {
  it('decodes any JSON value packed as MessagePack to what JSON would give', () => {
    fc.assert(
      fc.property(fc.jsonValue().filter(noProtoKey), (value) => {
        expect(unpackBoundedMsgpack(packr.pack(value))).toEqual(JSON.parse(JSON.stringify(value)));
      }),
      { numRuns: 500 },
    );
  });

  it('refuses any bytes at all with its own errors only, never msgpackr’s or a stack overflow', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        expect(['decoded', 'malformed', 'limit maxDepth', 'limit maxNodes', 'limit maxStringLength', 'limit maxArrayLength', 'limit maxObjectKeys']).toContain(refusal(() => unpackBoundedMsgpack(Buffer.from(bytes))));
      }),
      { numRuns: 2000 },
    );
  });

  it('holds the JSON limits where JSON holds them: depth, values, array length, keys, string length', () => {
    const nested = (depth: number): unknown => (depth === 0 ? 1 : [nested(depth - 1)]);
    const limits = { ...JSON_LIMITS, maxNodes: 50, maxArrayLength: 20, maxObjectKeys: 5, maxStringLength: 10 };
    const values: unknown[] = [
      nested(JSON_LIMITS.maxDepth),
      nested(JSON_LIMITS.maxDepth + 1),
      Array(20).fill(0),
      Array(21).fill(0),
      Array.from({ length: 7 }, () => Array(7).fill(0)),
      Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`k${i}`, i])),
      'a'.repeat(10),
      'a'.repeat(11),
    ];
    for (const value of values) {
      expect(refusal(() => unpackBoundedMsgpack(packr.pack(value), limits)), JSON.stringify(value).slice(0, 40)).toBe(refusal(() => parseBoundedJson(JSON.stringify(value), limits)));
    }
    // A million levels of one-byte arrays are refused at the 65th, not by a stack overflow.
    expect(refusal(() => unpackBoundedMsgpack(Buffer.concat([Buffer.alloc(1_000_000, 0x91), Buffer.from([0x01])])))).toBe('limit maxDepth');
  });
});

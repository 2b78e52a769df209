import { describe, expect, it } from 'vitest';
import { JSON_LIMITS, JsonLimitError, parseBoundedJson, type JsonLimitName } from '../src/limits/index.ts';

function refusal(run: () => unknown): JsonLimitError {
  try {
    run();
  } catch (error) {
    if (error instanceof JsonLimitError) return error;
    throw error;
  }
  throw new Error('expected a JsonLimitError, nothing was thrown');
}

function expectRefused(text: string, limit: JsonLimitName, limits = {}): void {
  const error = refusal(() => parseBoundedJson(text, limits));
  expect(error.limit).toBe(limit);
  expect(error.message).toContain(`${limit}=`);
}

describe('parseBoundedJson', () => {
  it('parses valid JSON to what JSON.parse gives', () => {
    const samples = [
      '{"a":1,"b":[true,false,null,"x\\"y",{"c":-1.5e3}],"d":"\\u00e9\\n"}',
      '[]',
      '{}',
      ' 42 ',
      '"just a string"',
      'null',
      '[[[[["deep but fine"]]]]]',
      '{"emoji":"\\ud83d\\ude00","raw":"😀","key with : and ,":[1,2,{"]":"}"}]}',
      JSON.stringify({ points: Array.from({ length: 500 }, (_, i) => ({ measurement: 'oven', fields: { t: i }, tags: { machine: `M${i}` } })) }),
    ];
    for (const text of samples) expect(parseBoundedJson(text)).toEqual(JSON.parse(text));
  });

  it('throws JSON.parse syntax errors for malformed text', () => {
    for (const text of ['', '{', '[1,]', '{"a" 1}', '"\\u12"', 'nul']) expect(() => parseBoundedJson(text)).toThrow(SyntaxError);
  });

  it('refuses nesting past maxDepth, whether arrays or objects', () => {
    const ok = '['.repeat(JSON_LIMITS.maxDepth) + ']'.repeat(JSON_LIMITS.maxDepth);
    expect(parseBoundedJson(ok)).toBeInstanceOf(Array);
    expectRefused('['.repeat(JSON_LIMITS.maxDepth + 1) + ']'.repeat(JSON_LIMITS.maxDepth + 1), 'maxDepth');
    expectRefused('{"a":'.repeat(1500) + '1' + '}'.repeat(1500), 'maxDepth');
    expectRefused('[[[1]]]', 'maxDepth', { maxDepth: 2 });
  });

  it('refuses ten million levels of nesting without a stack overflow', () => {
    expectRefused('['.repeat(10_000_000) + ']'.repeat(10_000_000), 'maxDepth');
    // Unclosed, too: the refusal comes before JSON.parse would see it.
    expectRefused('{"k":['.repeat(2_000_000), 'maxDepth');
  });

  it('does not count brackets inside strings as nesting', () => {
    const text = JSON.stringify({ text: '['.repeat(10_000) + '\\"{' });
    expect(parseBoundedJson(text)).toEqual(JSON.parse(text));
  });

  it('refuses long strings and long keys, counting an escape as one character', () => {
    expect(parseBoundedJson('"abcd"', { maxStringLength: 4 })).toBe('abcd');
    expect(parseBoundedJson('"\\u00e9\\n\\"\\\\"', { maxStringLength: 4 })).toBe('é\n"\\');
    expectRefused('"abcde"', 'maxStringLength', { maxStringLength: 4 });
    expectRefused('{"abcde":1}', 'maxStringLength', { maxStringLength: 4 });
    expectRefused(JSON.stringify('x'.repeat(JSON_LIMITS.maxStringLength + 1)), 'maxStringLength');
  });

  it('refuses big arrays, wide objects and too many values', () => {
    expect(parseBoundedJson('[1,2,3]', { maxArrayLength: 3 })).toEqual([1, 2, 3]);
    expectRefused('[1,2,3,4]', 'maxArrayLength', { maxArrayLength: 3 });
    expectRefused('[[1],[2],[3],[4,5]]', 'maxArrayLength', { maxArrayLength: 3, maxNodes: 100 });
    expectRefused(`[${Array(JSON_LIMITS.maxArrayLength + 1).fill(0).join(',')}]`, 'maxArrayLength');
    expect(parseBoundedJson('{"a":1,"b":2}', { maxObjectKeys: 2 })).toEqual({ a: 1, b: 2 });
    expectRefused('{"a":1,"b":2,"c":3}', 'maxObjectKeys', { maxObjectKeys: 2 });
    // Key-shaped values do not count as keys.
    expect(parseBoundedJson('{"a":"b","c":"d"}', { maxObjectKeys: 2 })).toEqual({ a: 'b', c: 'd' });
    expectRefused('{"a":[1,2],"b":{"c":3}}', 'maxNodes', { maxNodes: 5 });
    expect(parseBoundedJson('{"a":[1,2],"b":{"c":3}}', { maxNodes: 6 })).toEqual({ a: [1, 2], b: { c: 3 } });
  });

  it('keeps a __proto__ key as data, never as a prototype', () => {
    const parsed = parseBoundedJson('{"__proto__":{"polluted":true},"a":1}') as Record<string, unknown>;
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(Object.keys(parsed)).toEqual(['__proto__', 'a']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { checkValueLimits, JSON_LIMITS, JsonLimitError } from '../src/limits/index.ts';

function limitOf(run: () => void): string | null {
  try {
    run();
    return null;
  } catch (error) {
    if (error instanceof JsonLimitError) return error.limit;
    throw error;
  }
}

describe('checkValueLimits', () => {
  it('passes values within the limits', () => {
    expect(limitOf(() => checkValueLimits({ a: [1, 'two', null, { b: true }] }))).toBeNull();
  });

  it('refuses each limit with the same names as the parser', () => {
    let deep: unknown = 1;
    for (let level = 0; level < 1_000_000; level++) deep = [deep];
    expect(limitOf(() => checkValueLimits(deep))).toBe('maxDepth');
    expect(limitOf(() => checkValueLimits([[[1]]], { maxDepth: 2 }))).toBe('maxDepth');
    expect(limitOf(() => checkValueLimits([[1]], { maxDepth: 2 }))).toBeNull();
    expect(limitOf(() => checkValueLimits({ s: 'abcde' }, { maxStringLength: 4 }))).toBe('maxStringLength');
    expect(limitOf(() => checkValueLimits({ abcde: 1 }, { maxStringLength: 4 }))).toBe('maxStringLength');
    expect(limitOf(() => checkValueLimits(new Array(JSON_LIMITS.maxArrayLength + 1).fill(0)))).toBe('maxArrayLength');
    expect(limitOf(() => checkValueLimits({ a: 1, b: 2, c: 3 }, { maxObjectKeys: 2 }))).toBe('maxObjectKeys');
    expect(limitOf(() => checkValueLimits({ a: [1, 2], b: { c: 3 } }, { maxNodes: 5 }))).toBe('maxNodes');
    expect(limitOf(() => checkValueLimits({ a: [1, 2], b: { c: 3 } }, { maxNodes: 6 }))).toBeNull();
  });

  it('refuses a cyclic value instead of walking it for ever', () => {
    const cyclic: { self?: unknown; n: number } = { n: 1 };
    cyclic.self = cyclic;
    expect(limitOf(() => checkValueLimits(cyclic, { maxDepth: 1_000_000 }))).toBe('maxNodes');
  });
});

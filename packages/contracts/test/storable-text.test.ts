import { describe, expect, it } from 'vitest';
import { findUnstorableText, toStorableJson, toStorableText, unstorableTextReason } from '../src/text/storable-text.ts';

describe('storable text', () => {
  it('names a NUL and a lone surrogate, and passes a paired one', () => {
    expect(unstorableTextReason('a\u0000b')).toMatch(/NUL.*offset 1/);
    expect(unstorableTextReason('x\uD800')).toMatch(/lone surrogate \(U\+D800\)/);
    expect(unstorableTextReason('\uDC00y')).toMatch(/lone surrogate \(U\+DC00\)/);
    expect(unstorableTextReason('ok \uD83D\uDE00')).toBeNull();
  });

  it('escapes what it cannot store and keeps the rest', () => {
    expect(toStorableText('a\u0000b\uD800')).toBe('a\\u0000b\\ud800');
    expect(toStorableText('\uD83D\uDE00')).toBe('\uD83D\uDE00');
  });

  it('finds the first unstorable string or key with its path, however deep', () => {
    expect(findUnstorableText({ points: [{ fields: { label: 'ok' } }, { fields: { label: 'bad\u0000' } }] })).toEqual({
      path: 'points[1].fields.label',
      reason: expect.stringMatching(/NUL/),
    });
    expect(findUnstorableText({ tags: { 'k\u0000': 1 } })?.path).toBe('tags key');
    let deep: unknown = 'end\u0000';
    for (let level = 0; level < 200_000; level++) deep = [deep];
    expect(findUnstorableText(deep)?.reason).toMatch(/NUL/);
    expect(findUnstorableText({ a: [1, 'two', null, { b: true }] })).toBeNull();
  });

  it('copies a value with every string and key made storable', () => {
    expect(toStorableJson({ 'k\u0000': ['v\u0000', 2, null], ok: 'fine' })).toEqual({ 'k\\u0000': ['v\\u0000', 2, null], ok: 'fine' });
  });
});

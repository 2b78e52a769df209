import { describe, expect, it } from 'vitest';
import { BodyTooLargeError, inputRefusal, JsonLimitError, readBoundedText } from '../src/limits/index.ts';

async function* chunks(...parts: string[]): AsyncGenerator<Uint8Array> {
  for (const part of parts) yield new TextEncoder().encode(part);
}

describe('readBoundedText', () => {
  it('joins the chunks as UTF-8, split characters included', async () => {
    const bytes = new TextEncoder().encode('{"t":"é😀"}');
    async function* split() {
      for (const byte of bytes) yield Uint8Array.of(byte);
    }
    expect(await readBoundedText(split(), { maxBytes: bytes.length })).toBe('{"t":"é😀"}');
  });

  it('refuses a declared length over the limit before reading, and a counted one as soon as it passes', async () => {
    let pulled = 0;
    async function* counting() {
      for (;;) {
        pulled++;
        yield new Uint8Array(10);
      }
    }
    await expect(readBoundedText(counting(), { maxBytes: 5, declaredLength: '6' })).rejects.toThrow(/6 bytes, over the 5-byte limit.*maxBodyBytes=5/);
    expect(pulled).toBe(0);
    await expect(readBoundedText(counting(), { maxBytes: 25 })).rejects.toBeInstanceOf(BodyTooLargeError);
    expect(pulled).toBe(3);
    expect(await readBoundedText(chunks('ab', 'c'), { maxBytes: 3 })).toBe('abc');
  });

  it('maps each refusal to its status; other errors are not the caller’s', () => {
    expect(inputRefusal(new BodyTooLargeError(10))).toMatchObject({ status: 413, limit: 'maxBodyBytes' });
    expect(inputRefusal(new JsonLimitError('maxDepth', 64))).toMatchObject({ status: 400, limit: 'maxDepth', message: expect.stringContaining('maxDepth=64') });
    expect(inputRefusal(new SyntaxError('Unexpected end'))).toMatchObject({ status: 400, limit: 'json' });
    expect(inputRefusal(new Error('database down'))).toBeNull();
  });
});

import fc from 'fast-check';

type ByteEdit = { kind: 'truncate'; at: number } | { kind: 'flip'; at: number; byte: number } | { kind: 'insert'; at: number; bytes: number[] };

/** Sequences that are not UTF-8 (overlong, surrogate halves, stray continuation bytes) plus NUL. */
const BAD_UTF8 = [[0x00], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0x80], [0xff, 0xfe], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82]];

const edit: fc.Arbitrary<ByteEdit> = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.oneof(fc.constantFrom(...BAD_UTF8), fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 8 })) }),
);

/** Byte-level damage to an encoded message: what a broken gateway or a bit flip delivers. */
export function damagedBytes(payload: fc.Arbitrary<Buffer>): fc.Arbitrary<Buffer> {
  return fc.tuple(payload, fc.array(edit, { maxLength: 3 })).map(([bytes, edits]) => edits.reduce(applyEdit, bytes));
}

function applyEdit(bytes: Buffer, e: ByteEdit): Buffer {
  const at = bytes.length === 0 ? 0 : e.at % (bytes.length + 1);
  if (e.kind === 'truncate') return bytes.subarray(0, at);
  if (e.kind === 'flip') {
    if (bytes.length === 0) return Buffer.from([e.byte]);
    const copy = Buffer.from(bytes);
    copy[Math.min(at, copy.length - 1)] = e.byte;
    return copy;
  }
  return Buffer.concat([bytes.subarray(0, at), Buffer.from(e.bytes), bytes.subarray(at)]);
}

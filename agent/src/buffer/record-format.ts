import { crc32 } from 'node:zlib';

/**
 * One batch on disk: [u32 payload length][u32 CRC-32 of the payload][payload], little-endian.
 * The payload is [u64 seq][u32 point count][the batch body (batching/batch-body.ts)]. The length comes
 * first so a reader can skip a record without decoding it; the CRC is what tells a complete
 * record from one the crash cut short or the disk garbled.
 */
export const RECORD_HEADER_BYTES = 8;
const PAYLOAD_HEADER_BYTES = 12;

/** A length above this cannot be ours (a batch holds at most 10,000 points): the bytes are garbage. */
const MAX_PAYLOAD_BYTES = 256 * 1024 * 1024;

export interface BatchRecord {
  seq: number;
  pointCount: number;
  /** The batch body, exactly as the batcher produced it (batching/batch-body.ts; a JSON array of v1 points in records of agents from before v2). */
  points: Buffer;
}

/** What `encodeRecord` will produce for `points`, without encoding it. */
export function encodedRecordBytes(points: string | Buffer): number {
  return RECORD_HEADER_BYTES + PAYLOAD_HEADER_BYTES + Buffer.byteLength(points);
}

export function encodeRecord(seq: number, pointCount: number, points: string | Buffer): Buffer {
  const payloadBytes = PAYLOAD_HEADER_BYTES + Buffer.byteLength(points);
  const record = Buffer.allocUnsafe(RECORD_HEADER_BYTES + payloadBytes);
  record.writeBigUInt64LE(BigInt(seq), RECORD_HEADER_BYTES);
  record.writeUInt32LE(pointCount, RECORD_HEADER_BYTES + 8);
  if (typeof points === 'string') record.write(points, RECORD_HEADER_BYTES + PAYLOAD_HEADER_BYTES, 'utf8');
  else points.copy(record, RECORD_HEADER_BYTES + PAYLOAD_HEADER_BYTES);
  record.writeUInt32LE(payloadBytes, 0);
  record.writeUInt32LE(crc32(record.subarray(RECORD_HEADER_BYTES)), 4);
  return record;
}

/** The points of a record `encodeRecord` produced, without a copy. */
export function recordPoints(encoded: Buffer): Buffer {
  return encoded.subarray(RECORD_HEADER_BYTES + PAYLOAD_HEADER_BYTES);
}

export type RecordCheck =
  | { kind: 'record'; record: BatchRecord; size: number }
  /** Not enough bytes for the header or the payload: a record the writer never finished. */
  | { kind: 'short' }
  /** A length that cannot be, or a CRC mismatch. */
  | { kind: 'corrupt'; reason: string };

/** Checks and decodes the record starting at `offset` of `bytes`. */
export function checkRecord(bytes: Buffer, offset: number): RecordCheck {
  if (bytes.length - offset < RECORD_HEADER_BYTES) return { kind: 'short' };
  const payloadBytes = bytes.readUInt32LE(offset);
  if (payloadBytes < PAYLOAD_HEADER_BYTES || payloadBytes > MAX_PAYLOAD_BYTES) return { kind: 'corrupt', reason: `impossible record length ${payloadBytes}` };
  const end = offset + RECORD_HEADER_BYTES + payloadBytes;
  if (bytes.length < end) return { kind: 'short' };
  const payload = bytes.subarray(offset + RECORD_HEADER_BYTES, end);
  if (crc32(payload) !== bytes.readUInt32LE(offset + 4)) return { kind: 'corrupt', reason: 'CRC mismatch' };
  return {
    kind: 'record',
    size: RECORD_HEADER_BYTES + payloadBytes,
    record: {
      seq: Number(payload.readBigUInt64LE(0)),
      pointCount: payload.readUInt32LE(8),
      points: payload.subarray(PAYLOAD_HEADER_BYTES),
    },
  };
}

import { readdir, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { checkRecord, RECORD_HEADER_BYTES } from './record-format.ts';

const SEGMENT_NAME = /^segment-(\d{20})\.log$/;

/** Zero-padded so that name order is sequence order. */
export function segmentFileName(firstSeq: number): string {
  return `segment-${String(firstSeq).padStart(20, '0')}.log`;
}

/** The segment files of `dir`, oldest first. */
export async function listSegmentFiles(dir: string): Promise<{ path: string; firstSeq: number }[]> {
  const names = await readdir(dir);
  return names
    .flatMap((name) => {
      const match = SEGMENT_NAME.exec(name);
      return match?.[1] === undefined ? [] : [{ path: join(dir, name), firstSeq: Number(match[1]) }];
    })
    .sort((a, b) => a.firstSeq - b.firstSeq);
}

export interface ScannedRecord {
  seq: number;
  pointCount: number;
  offset: number;
  size: number;
}

export interface SegmentScan {
  records: ScannedRecord[];
  /** Bytes from the start up to the end of the last good record: where the file must be cut. */
  validBytes: number;
  /** Why scanning stopped before the end of the file, if it did. */
  problem: string | null;
}

const READ_WINDOW_BYTES = 1024 * 1024;

/**
 * Reads a segment record by record, a window at a time, and stops at the first record that is
 * incomplete, fails its CRC, or does not continue the sequence: everything from there on was
 * never made durable (or was damaged) and cannot be trusted.
 */
export async function scanSegment(handle: FileHandle, afterSeq: number): Promise<SegmentScan> {
  let fileBytes = (await handle.stat()).size;
  const records: ScannedRecord[] = [];
  let window = Buffer.alloc(0);
  let windowStart = 0;
  let position = 0;
  let previousSeq = afterSeq;
  while (position < fileBytes) {
    const relative = position - windowStart;
    const check = checkRecord(window, relative);
    if (check.kind === 'short') {
      if (windowStart + window.length >= fileBytes) return { records, validBytes: position, problem: 'incomplete record at the end of the file' };
      const announced = window.length - relative >= RECORD_HEADER_BYTES ? RECORD_HEADER_BYTES + window.readUInt32LE(relative) : 0;
      const length = Math.min(Math.max(READ_WINDOW_BYTES, announced), fileBytes - position);
      window = Buffer.allocUnsafe(length);
      const { bytesRead } = await handle.read(window, 0, length, position);
      window = window.subarray(0, bytesRead);
      windowStart = position;
      // A file that shrank under us ends where the read ended.
      if (bytesRead < length) fileBytes = position + bytesRead;
      continue;
    }
    if (check.kind === 'corrupt') return { records, validBytes: position, problem: check.reason };
    if (check.record.seq <= previousSeq) return { records, validBytes: position, problem: `sequence ${check.record.seq} does not follow ${previousSeq}` };
    previousSeq = check.record.seq;
    records.push({ seq: check.record.seq, pointCount: check.record.pointCount, offset: position, size: check.size });
    position += check.size;
  }
  return { records, validBytes: position, problem: null };
}

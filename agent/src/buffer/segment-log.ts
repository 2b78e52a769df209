import { open, unlink, type FileHandle } from 'node:fs/promises';
import type { Logger } from '../log.ts';
import { checkRecord, type BatchRecord } from './record-format.ts';
import { listSegmentFiles, scanSegment } from './segment-files.ts';

/** One segment file of the buffer's log, with the index of the records in it. */
export interface Segment {
  readonly path: string;
  handle: FileHandle | null;
  /** Bytes in the file, queued writes included. */
  bytes: number;
  readonly seqs: number[];
  readonly offsets: number[];
  readonly sizes: number[];
  readonly points: number[];
}

/** What a read of the log needs to know of the buffer at each step: it changes while the read waits on the disk. */
export interface SegmentLogView {
  /** The live array: segments are retired from its head while a read is under way. */
  segments: readonly Segment[];
  /** Position of the first live record in segments[0]. */
  headIndex: number;
  firstUnacked: number;
  durable: number;
}

const MIN_SEGMENT_BYTES = 64 * 1024;
const MAX_SEGMENT_BYTES = 64 * 1024 * 1024;

/** A sixteenth of the bound: drop-oldest then gives back space in steps of about 6 %. */
export function segmentBytesFor(maxBytes: number): number {
  return Math.min(MAX_SEGMENT_BYTES, Math.max(MIN_SEGMENT_BYTES, Math.floor(maxBytes / 16)));
}

/** The segments left in `dir` after a crash, each cut at its first bad record; fully acknowledged ones deleted. */
export async function recoverSegments(dir: string, firstUnacked: number, log: Logger): Promise<Segment[]> {
  const files = await listSegmentFiles(dir);
  const segments: Segment[] = [];
  let lastSeq = -1;
  for (const [index, file] of files.entries()) {
    const handle = await open(file.path, 'r+');
    const scan = await scanSegment(handle, lastSeq);
    if (scan.problem !== null) {
      const last = index === files.length - 1;
      // At the tail this is the expected trace of a crash mid-write; anywhere else the disk damaged durable data.
      (last ? log.warn : log.error)('buffer segment cut at its first bad record', {
        segment: file.path,
        problem: scan.problem,
        keptBytes: scan.validBytes,
        keptBatches: scan.records.length,
      });
      await handle.truncate(scan.validBytes);
    }
    lastSeq = scan.records.at(-1)?.seq ?? lastSeq;
    if (!scan.records.some((r) => r.seq >= firstUnacked)) {
      await handle.close();
      await unlink(file.path);
      continue;
    }
    // Records that reached the page cache before a process crash are on disk only once synced.
    await handle.datasync();
    segments.push({
      path: file.path,
      handle,
      bytes: scan.validBytes,
      seqs: scan.records.map((r) => r.seq),
      offsets: scan.records.map((r) => r.offset),
      sizes: scan.records.map((r) => r.size),
      points: scan.records.map((r) => r.pointCount),
    });
  }
  return segments;
}

/** Finds (segment, index) of the first live record with seq ≥ `seq`. */
function locate(view: SegmentLogView, seq: number): { segment: number; index: number } | null {
  const { segments, headIndex } = view;
  for (let s = 0; s < segments.length; s += 1) {
    const segment = segments[s];
    if (!segment) break;
    const last = segment.seqs.at(-1);
    if (last === undefined || last < seq) continue;
    const index = Math.max(lowerBound(segment.seqs, seq), s === 0 ? headIndex : 0);
    if (index < segment.seqs.length) return { segment: s, index };
  }
  return null;
}

/**
 * Up to `maxRecords` durable records from `fromSeq` (or the head) on. A record that no longer
 * reads back is handed to `onDamaged` and the read ends before it.
 */
export async function readDurableRecords(
view: () => SegmentLogView,
fromSeq: number,
maxRecords: number,
onDamaged: (segment: Segment, index: number, reason: string) => void,
): Promise<BatchRecord[]> {
const { segments, firstUnacked } = view();
  const records: BatchRecord[] = [];
  const first = locate(view(), Math.max(fromSeq, firstUnacked));
  let at = first ? { segment: segments[first.segment], index: first.index } : null;
  while (at && records.length < maxRecords) {
    const segment = at.segment;
    const handle = segment?.handle;
    if (!segment || !handle) break;
    // One read for the run of wanted durable records in this segment.
    let end = at.index;
    while (end < segment.seqs.length && end - at.index < maxRecords - records.length && (segment.seqs[end] ?? Infinity) <= view().durable) end += 1;
    if (end === at.index) break;
    const start = segment.offsets[at.index] ?? 0;
    const length = (segment.offsets[end - 1] ?? 0) + (segment.sizes[end - 1] ?? 0) - start;
    const bytes = Buffer.allocUnsafe(length);
    const { bytesRead } = await handle.read(bytes, 0, length, start);
    let offset = 0;
    for (let r = at.index; r < end; r += 1) {
      const check = checkRecord(bytes.subarray(0, bytesRead), offset);
      if (check.kind !== 'record') {
        onDamaged(segment, r, check.kind === 'corrupt' ? check.reason : 'short read');
        return records;
      }
      records.push(check.record);
      offset += check.size;
    }
    // The index may have moved while reading (acks, drops): find the next segment by identity.
    const position = segments.indexOf(segment);
    at = end === segment.seqs.length && position >= 0 ? { segment: segments[position + 1], index: 0 } : null;
  }
  return records;
}

/** First index of `sorted` whose value is ≥ `value`. */
export function lowerBound(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] ?? Infinity) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A new file's directory entry is durable only once the directory is synced. */
export async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

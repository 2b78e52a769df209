import { unlinkSync } from 'node:fs';
import { mkdir, open } from 'node:fs/promises';
import { join } from 'node:path';
import type { AgentConfig } from '@facilflow/contracts';
import { errorMessage, type Logger } from '../log.ts';
import { openAckFile, type AckFile } from './ack-file.ts';
import { acquireDirLock, type DirLock } from './dir-lock.ts';
import { MemoryTail } from './memory-tail.ts';
import { encodeRecord, encodedRecordBytes, recordPoints, type BatchRecord } from './record-format.ts';
import { segmentFileName } from './segment-files.ts';
import { lowerBound, readDurableRecords, recoverSegments, segmentBytesFor, syncDirectory, type Segment } from './segment-log.ts';
import { SerialQueue } from './serial-queue.ts';

export type BufferLimits = AgentConfig['buffer'];

export interface BatchBufferOptions extends BufferLimits {
  /** The buffer's own directory (segments, commit offset, lock). */
  dir: string;
  log: Logger;
}

export interface BufferStats {
  /** Batches and bytes (framing included) not yet acknowledged: the backlog. */
  batches: number;
  bytes: number;
  /** What the segment files take on disk, the figure `maxBytes` bounds. */
  diskBytes: number;
  /** Batches and points the bound has cost since the buffer was opened. */
  droppedBatches: number;
  droppedPoints: number;
  /** Every batch below this sequence number is acknowledged or dropped. */
  firstUnacked: number;
  /** The sequence number the next batch will get. */
  nextSeq: number;
}

/**
 * The store-and-forward queue between the batcher and the MQTT publisher: an append-only log
 * of batch records in segment files, plus a commit offset (the first unacknowledged sequence
 * number) in a separate fsync'd file.
 *
 * - Order and sequence numbers: a batch gets its sequence number when it enters, and numbers
 *   only grow, across restarts too (the next number follows the last record on disk or the
 *   commit offset, whichever is higher).
 * - Durability: appends are written and fdatasync'd in groups; a record is handed to the
 *   publisher only once it is durable, so a number that went out over MQTT can never be reused
 *   for other points after a crash.
 * - Crash safety: on open every segment is scanned; the first incomplete or CRC-failing record
 *   and everything after it in that segment is cut off (a torn tail), so the log always ends
 *   on a complete record.
 * - Removal: acknowledging advances the commit offset (written and fsync'd soon after); a
 *   segment is deleted once every record in it is behind the offset and a later segment holds a
 *   durable record. Deleting before the offset is on disk is then safe: the newest durable
 *   record — the highest number that can have gone out — is always in a file that is still
 *   there, so numbers never go back after a crash, and a stale offset only means starting from
 *   the first record left (re-sending what was already acknowledged, which ingest drops).
 * - Bound: the segment files never exceed `maxBytes`. drop-newest refuses a batch that does not
 *   fit; drop-oldest deletes whole unacknowledged batches from the head to make room — a segment
 *   at a time, since that is the unit in which space comes back. Drops are counted: batches
 *   removed before their acknowledgement (one already in flight may still arrive).
 *
 * Writes, syncs, reads and closes run one at a time on a serial queue; a deleted segment's file
 * is unlinked at once (so the bound holds on disk at every moment) and its handle closed on the
 * queue, after any read or write still using it.
 */
export interface BatchBuffer {
  /**
   * Adds a batch (`points` is its body, batching/batch-body.ts; kept as given). Returns its sequence number,
   * or null when it was refused for want of room: always under drop-newest; under drop-oldest
   * only if the oldest batches cannot be deleted yet (nothing after them is durable yet).
   */
  append(points: string | Buffer, pointCount: number): number | null;
  /** Up to `maxRecords` durable records from `fromSeq` (or the head, if later) on, in order. */
  read(fromSeq: number, maxRecords: number): Promise<BatchRecord[]>;
  /** Everything up to and including `seq` was acknowledged by the broker. */
  acknowledge(seq: number): void;
  stats(): BufferStats;
  /** The highest sequence number written and fsync'd, -1 before any. */
  durableSeq(): number;
  setLimits(limits: BufferLimits): void;
  /** Called after new records became durable, and after the head moved (ack or drop). */
  onChange(listener: () => void): () => void;
  /** Waits until every batch appended so far is durable and the commit offset is on disk. */
  sync(): Promise<void>;
  close(): Promise<void>;
}

interface PendingWrite {
  segment: Segment;
  seq: number;
  position: number;
  bytes: Buffer;
}

const WRITE_RETRY_MS = 1000;

export async function openBatchBuffer(options: BatchBufferOptions): Promise<BatchBuffer> {
  const { dir, log } = options;
  await mkdir(dir, { recursive: true });
  const lock = await acquireDirLock(join(dir, 'lock'));
  try {
    const ackFile = await openAckFile(join(dir, 'ack'));
    const segments = await recoverSegments(dir, ackFile.firstUnacked, log);
    return createBatchBuffer(options, lock, ackFile, segments);
  } catch (e) {
    await lock.release();
    throw e;
  }
}

function createBatchBuffer(options: BatchBufferOptions, lock: DirLock, ackFile: AckFile, segments: Segment[]): BatchBuffer {
  const { dir, log } = options;
  const io = new SerialQueue();
  const listeners = new Set<() => void>();
  let limits: BufferLimits = { maxBytes: options.maxBytes, dropPolicy: options.dropPolicy };
  // Segments may have been deleted before the offset behind them reached the disk: start at the first record left.
  let firstUnacked = Math.max(ackFile.firstUnacked, segments[0]?.seqs[0] ?? 0);
  const lastRecovered = segments.at(-1)?.seqs.at(-1) ?? -1;
  let nextSeq = Math.max(lastRecovered + 1, firstUnacked);
  let durable = Math.max(lastRecovered, firstUnacked - 1);
  // Position of the first live record in segments[0].
  let headIndex = segments[0] ? lowerBound(segments[0].seqs, firstUnacked) : 0;
  let liveBatches = 0;
  let liveBytes = 0;
  let diskBytes = 0;
  for (const [i, segment] of segments.entries()) {
    diskBytes += segment.bytes;
    for (let r = i === 0 ? headIndex : 0; r < segment.seqs.length; r += 1) {
      liveBatches += 1;
      liveBytes += segment.sizes[r] ?? 0;
    }
  }
  let droppedBatches = 0;
  let droppedPoints = 0;
  let pending: PendingWrite[] = [];
  const memoryTail = new MemoryTail();
  let flushQueued = false;
  let ackQueued = false;
  let closed = false;

  const logView = () => ({ segments, headIndex, firstUnacked, durable });

  const notify = (): void => {
    for (const listener of listeners) listener();
  };

  /** Moves the head past every record with seq ≤ `throughSeq`; `dropped` counts them as lost. */
  function advanceHead(throughSeq: number, dropped: boolean): void {
    while (segments[0]) {
      const head = segments[0];
      while (headIndex < head.seqs.length && (head.seqs[headIndex] ?? Infinity) <= throughSeq) {
        liveBatches -= 1;
        liveBytes -= head.sizes[headIndex] ?? 0;
        if (dropped) {
          droppedBatches += 1;
          droppedPoints += head.points[headIndex] ?? 0;
        }
        headIndex += 1;
      }
      if (headIndex < head.seqs.length || !retireHead()) break;
    }
    if (throughSeq + 1 > firstUnacked) firstUnacked = throughSeq + 1;
    memoryTail.forgetBefore(firstUnacked);
    queueAckWrite();
    notify();
  }

  /**
   * Deletes segments[0] if all its records are behind the head and a later segment holds a
   * durable record (see the interface comment); true if it did. Its file is unlinked at once, so
   * the bound holds on disk, and its handle closed on the queue, after any read still using it.
   */
  function retireHead(): boolean {
    const head = segments[0];
    const next = segments[1];
    if (!head || !next || headIndex < head.seqs.length || (next.seqs[0] ?? Infinity) > durable) return false;
    segments.shift();
    headIndex = 0;
    diskBytes -= head.bytes;
    const handle = head.handle;
    head.handle = null;
    if (handle) {
      try {
        unlinkSync(head.path);
      } catch (e) {
        log.error('buffer segment could not be deleted', { segment: head.path, error: errorMessage(e) });
      }
      void io.run(() => handle.close());
    }
    return true;
  }

  /** Room for `size` more bytes under the bound, dropping from the head if the policy says so. */
  function makeRoom(size: number): boolean {
    if (diskBytes + size <= limits.maxBytes) return true;
    if (limits.dropPolicy === 'drop-newest') return false;
    while (diskBytes + size > limits.maxBytes && segments[0] && segments.length > 1) {
      const head = segments[0];
      const lastSeq = head.seqs.at(-1) ?? firstUnacked - 1;
      log.warn('buffer full: dropping the oldest unacknowledged batches', { throughSeq: lastSeq, batches: head.seqs.length - headIndex, maxBytes: limits.maxBytes });
      advanceHead(lastSeq, true);
      // Not deletable yet (nothing after it is durable yet): no room now.
      if (segments[0] === head) break;
    }
    return diskBytes + size <= limits.maxBytes;
  }

  function tailFor(seq: number): Segment {
    const tail = segments.at(-1);
    if (tail && (tail.bytes < segmentBytesFor(limits.maxBytes) || tail.seqs.length === 0)) return tail;
    const segment: Segment = { path: join(dir, segmentFileName(seq)), handle: null, bytes: 0, seqs: [], offsets: [], sizes: [], points: [] };
    segments.push(segment);
    return segment;
  }

  function queueFlush(): void {
    if (flushQueued) return;
    flushQueued = true;
    void io.run(async () => {
      flushQueued = false;
      await writePending();
    });
  }

  async function writePending(): Promise<void> {
    const batch = pending;
    pending = [];
    if (batch.length === 0) return;
    const touched = new Set<Segment>();
    let created = false;
    try {
      for (let i = 0; i < batch.length; ) {
        const first = batch[i];
        if (!first) break;
        let j = i + 1;
        while (batch[j]?.segment === first.segment) j += 1;
        // Segments with records not yet durable are never deleted: the handle stays ours.
        const segment = first.segment;
        if (!segment.handle) {
          segment.handle = await open(segment.path, 'w+');
          created = true;
        }
        await segment.handle.writev(
          batch.slice(i, j).map((w) => w.bytes),
          first.position,
        );
        touched.add(segment);
        i = j;
      }
      for (const segment of touched) await segment.handle?.datasync();
      // A new file's directory entry must be durable too, or the file can vanish with a crash.
      if (created) await syncDirectory(dir);
    } catch (e) {
      log.error('buffer write failed; retrying', { error: errorMessage(e), batches: batch.length });
      pending = [...batch, ...pending];
      setTimeout(queueFlush, WRITE_RETRY_MS).unref();
      return;
    }
    durable = Math.max(durable, batch.at(-1)?.seq ?? durable);
    // Acknowledged segments that had to wait for a durable record after them can go now.
    while (retireHead());
    notify();
  }

  function queueAckWrite(): void {
    if (ackQueued) return;
    ackQueued = true;
    void io.run(async () => {
      ackQueued = false;
      const offset = firstUnacked;
      try {
        if (offset !== ackFile.firstUnacked) await ackFile.write(offset);
      } catch (e) {
        log.error('buffer commit offset write failed; retrying', { error: errorMessage(e) });
        setTimeout(queueAckWrite, WRITE_RETRY_MS).unref();
      }
    });
  }

  /**
   * A durable record that no longer reads back (disk damage). It is dropped once it reaches the
   * head, so the records before it still go out first and the stream moves on past it.
   */
  function discardDamaged(segment: Segment, index: number, reason: string): void {
    const seq = segment.seqs[index];
    log.error('buffer record damaged on disk', { segment: segment.path, seq, reason });
    if (seq !== undefined && segments[0] === segment && headIndex === index) advanceHead(seq, true);
  }

  return {
    append(points, pointCount) {
      if (closed) throw new Error('the buffer is closed');
      const size = encodedRecordBytes(points);
      if (!makeRoom(size)) {
        droppedBatches += 1;
        droppedPoints += pointCount;
        log.warn('buffer full: refusing a new batch', { points: pointCount, dropPolicy: limits.dropPolicy, maxBytes: limits.maxBytes, diskBytes });
        return null;
      }
      const seq = nextSeq;
      nextSeq += 1;
      const bytes = encodeRecord(seq, pointCount, points);
      memoryTail.keep({ seq, pointCount, points: recordPoints(bytes) });
      const segment = tailFor(seq);
      pending.push({ segment, seq, position: segment.bytes, bytes });
      segment.seqs.push(seq);
      segment.offsets.push(segment.bytes);
      segment.sizes.push(bytes.length);
      segment.points.push(pointCount);
      segment.bytes += bytes.length;
      diskBytes += bytes.length;
      liveBatches += 1;
      liveBytes += bytes.length;
      queueFlush();
      return seq;
    },
    read(fromSeq, maxRecords) {
      const fromMemory = memoryTail.read(fromSeq, maxRecords, firstUnacked, durable);
      return fromMemory ? Promise.resolve(fromMemory) : io.run(() => readDurableRecords(logView, fromSeq, maxRecords, discardDamaged));
    },
    acknowledge(seq) {
      if (seq < firstUnacked) return;
      advanceHead(Math.min(seq, durable), false);
    },
    stats: () => ({ batches: liveBatches, bytes: liveBytes, diskBytes, droppedBatches, droppedPoints, firstUnacked, nextSeq }),
    durableSeq: () => durable,
    setLimits(next) {
      limits = { maxBytes: next.maxBytes, dropPolicy: next.dropPolicy };
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    sync: () => io.run(async () => undefined),
    async close() {
      if (closed) return;
      closed = true;
      queueFlush();
      queueAckWrite();
      await io.run(async () => {
        for (const segment of segments) await segment.handle?.close();
        await ackFile.close();
      });
      listeners.clear();
      await lock.release();
    },
  };
}

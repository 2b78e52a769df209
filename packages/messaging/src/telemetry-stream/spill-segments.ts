import { mkdirSync, rmSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { WrittenBatch } from '@facilflow/contracts';
import { decodeBatches, encodeBatches } from './batch-codec.ts';

const MAX_LOADED_SEGMENTS = 4;

/** A run of consecutive batches moved out of memory: `batches` until the file is written, then read back on demand. */
interface Segment {
  firstSeq: number;
  /** Exclusive. */
  endSeq: number;
  path: string;
  bytes: number;
  /** Tenant and received time of each batch, so a dropped segment's batches are still counted per tenant. */
  index: Array<{ tenantId: string; receivedAt: number }>;
  batches: WrittenBatch[] | null;
  written: Promise<void>;
}

export interface DroppedSegment {
  firstSeq: number;
  endSeq: number;
  index: Segment['index'];
}

/**
 * The disk side of the in-process stream: when a consumer lags past what memory holds,
 * the oldest batches move to MessagePack files in `dir` (deleted once every consumer is
 * past them). Disk is bounded too: past `maxBytes` the oldest file goes, and the stream
 * counts its batches as skipped for the consumers that had not read them. Files live as
 * long as the process; the directory is emptied at start.
 */
export class SpillSegments {
  private readonly segments: Segment[] = [];
  private bytes = 0;
  private counter = 0;
  /** Segments read back, most recent last: one per lagging consumer reading its way forward. */
  private readonly loaded = new Map<Segment, WrittenBatch[]>();

  constructor(
    private readonly dir: string,
    private readonly maxBytes: number,
    private readonly onWriteError: (error: unknown) => void,
  ) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
  }

  get firstSeq(): number | null {
    return this.segments[0]?.firstSeq ?? null;
  }

  get totalBytes(): number {
    return this.bytes;
  }

  /** Moves `batches` (sequence numbers from `firstSeq`) to disk; returns segments dropped to stay under the byte bound. */
  spill(firstSeq: number, batches: WrittenBatch[]): DroppedSegment[] {
    const bytes = encodeBatches(batches);
    const path = join(this.dir, `segment-${String(++this.counter).padStart(8, '0')}.msgpack`);
    const segment: Segment = {
      firstSeq,
      endSeq: firstSeq + batches.length,
      path,
      bytes: bytes.length,
      index: batches.map((batch) => ({ tenantId: batch.tenantId, receivedAt: batch.receivedAt.getTime() })),
      batches,
      written: Promise.resolve(),
    };
    segment.written = writeFile(path, bytes).then(
      () => {
        segment.batches = null;
      },
      // Kept in memory instead: a full disk costs memory, never batches.
      (error: unknown) => this.onWriteError(error),
    );
    this.segments.push(segment);
    this.bytes += segment.bytes;
    const dropped: DroppedSegment[] = [];
    while (this.bytes > this.maxBytes && this.segments.length > 1) {
      const oldest = this.segments.shift();
      if (!oldest) break;
      dropped.push({ firstSeq: oldest.firstSeq, endSeq: oldest.endSeq, index: oldest.index });
      this.remove(oldest);
    }
    return dropped;
  }

  /** The batch at `seq`, or null when no segment holds it. */
  async read(seq: number): Promise<WrittenBatch | null> {
    const segment = this.segments.find((candidate) => seq >= candidate.firstSeq && seq < candidate.endSeq);
    if (!segment) return null;
    if (segment.batches) return segment.batches[seq - segment.firstSeq] ?? null;
    let batches = this.loaded.get(segment);
    if (!batches) {
      await segment.written;
      batches = segment.batches ?? decodeBatches(await readFile(segment.path));
      this.loaded.set(segment, batches);
      for (const older of this.loaded.keys()) {
        if (this.loaded.size <= MAX_LOADED_SEGMENTS) break;
        this.loaded.delete(older);
      }
    }
    return batches[seq - segment.firstSeq] ?? null;
  }

  /** Deletes the segments wholly before `seq`: every consumer is past them. */
  releaseBefore(seq: number): void {
    while (this.segments[0] && this.segments[0].endSeq <= seq) {
      const segment = this.segments.shift();
      if (segment) this.remove(segment);
    }
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.segments.map((segment) => segment.written));
    await rm(this.dir, { recursive: true, force: true });
  }

  private remove(segment: Segment): void {
    this.bytes -= segment.bytes;
    this.loaded.delete(segment);
    void segment.written.then(() => rm(segment.path, { force: true })).catch(this.onWriteError);
  }
}

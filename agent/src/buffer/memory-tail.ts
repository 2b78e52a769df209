import type { BatchRecord } from './record-format.ts';

/**
 * The newest batches are also kept in memory, up to this many bytes, until acknowledged: a
 * publisher keeping up reads them from here, never from the disk. Reads from the disk share the
 * serial queue with every write and fsync, so a publisher served from there waits behind them
 * for every read. A backlog beyond this (an outage) is read from the disk as before.
 */
const MEMORY_TAIL_BYTES = 4 * 1024 * 1024;

/** The newest durable-to-be records, contiguous by sequence number, oldest first. */
export class MemoryTail {
  private readonly records: BatchRecord[] = [];
  private bytes = 0;

  keep(record: BatchRecord): void {
    // Numbers are handed out consecutively; were one ever skipped, the tail starts afresh rather than serve by a wrong offset.
    if (this.records.length > 0 && this.records.at(-1)?.seq !== record.seq - 1) {
      this.records.length = 0;
      this.bytes = 0;
    }
    this.records.push(record);
    this.bytes += record.points.length;
    while (this.bytes > MEMORY_TAIL_BYTES && this.records.length > 1) this.forgetOldest();
  }

  /** Forgets every record below `seq` (acknowledged or dropped). */
  forgetBefore(seq: number): void {
    while (this.records[0] && this.records[0].seq < seq) this.forgetOldest();
  }

  /** The wanted durable records when the tail holds the first of them (then it holds all it can give); else null. */
  read(fromSeq: number, maxRecords: number, firstUnacked: number, durable: number): BatchRecord[] | null {
    const first = this.records[0];
    const start = Math.max(fromSeq, firstUnacked);
    if (!first || start < first.seq || start > durable) return null;
    const from = start - first.seq;
    if (from >= this.records.length) return null;
    const end = Math.min(this.records.length, from + maxRecords, durable - first.seq + 1);
    return this.records.slice(from, end);
  }

  private forgetOldest(): void {
    const oldest = this.records.shift();
    if (oldest) this.bytes -= oldest.points.length;
  }
}

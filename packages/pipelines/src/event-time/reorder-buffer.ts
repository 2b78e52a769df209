import { type PipelineRow, pipelineRowSchema } from '@facilflow/contracts';
import { z } from 'zod';
import { eventTimeOf } from './row-values.ts';
import { checkBufferedRows } from './state-limits.ts';

/**
 * Holds rows until the watermark passes them, then hands them out in event-time order, so an
 * order-sensitive stage (a running score, counters) sees a stream shuffled within the allowed
 * out-of-orderness exactly as a batch run sees the sorted rows.
 */
export class ReorderBuffer {
  private rows: PipelineRow[];

  constructor(
    private readonly maxRows: number,
    restored: readonly PipelineRow[] = [],
  ) {
    this.rows = [...restored];
  }

  get size(): number {
    return this.rows.length;
  }

  add(row: PipelineRow): void {
    this.rows.push(row);
    checkBufferedRows(this.rows.length, this.maxRows);
  }

  /** The rows with time < watermark, oldest first (ties in arrival order); the rest stay. */
  release(watermark: number): PipelineRow[] {
    const ready: PipelineRow[] = [];
    const waiting: PipelineRow[] = [];
    for (const row of this.rows) (eventTimeOf(row) < watermark ? ready : waiting).push(row);
    this.rows = waiting;
    return ready.map((row, index) => ({ row, index, time: eventTimeOf(row) })).sort((a, b) => a.time - b.time || a.index - b.index).map(({ row }) => row);
  }

  snapshot(): PipelineRow[] {
    return [...this.rows];
  }
}

export const reorderBufferStateSchema = z.array(pipelineRowSchema);

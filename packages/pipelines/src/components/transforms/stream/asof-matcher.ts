import { type PipelineRow, pipelineRowSchema, ROW_TIME_COLUMN } from '@facilflow/contracts';
import { z } from 'zod';
import { partitionKeyOf } from '../../../event-time/keys.ts';
import { eventTimeOf } from '../../../event-time/row-values.ts';
import { checkBufferedRows, checkKeyCount } from '../../../event-time/state-limits.ts';

export interface AsofJoinConfig {
  by: string[];
  toleranceMs?: number | undefined;
  columns?: string[] | undefined;
  prefix: string;
  rightTimeAs?: string | undefined;
  unmatched: 'keep' | 'drop';
  maxKeys: number;
  maxBufferedRows: number;
}

export const asofRightStateSchema = z.array(z.object({ id: z.string(), rows: z.array(pipelineRowSchema) }));

/**
 * The right side of an as-of join: per key, its rows in time order (equal times in arrival order,
 * so the later one wins), and the join of one left row to the latest of them at or before it.
 */
export class AsofMatcher {
  private readonly keys = new Map<string, PipelineRow[]>();
  private buffered = 0;

  constructor(
    private readonly config: AsofJoinConfig,
    restored: z.infer<typeof asofRightStateSchema> = [],
  ) {
    for (const key of restored) {
      this.keys.set(key.id, key.rows);
      this.buffered += key.rows.length;
    }
  }

  addRight(row: PipelineRow): void {
    const time = eventTimeOf(row);
    const key = partitionKeyOf(row, this.config.by);
    let rows = this.keys.get(key.id);
    if (rows === undefined) {
      rows = [];
      this.keys.set(key.id, rows);
      checkKeyCount(this.keys.size, this.config.maxKeys);
    }
    rows.splice(upperBound(rows, time), 0, row);
    this.buffered += 1;
    checkBufferedRows(this.buffered, this.config.maxBufferedRows);
  }

  /** The left row with the right columns of its match; null when unmatched rows are dropped. */
  join(left: PipelineRow): PipelineRow | null {
    const time = eventTimeOf(left);
    const rows = this.keys.get(partitionKeyOf(left, this.config.by).id) ?? [];
    const match = rows[upperBound(rows, time) - 1];
    const inReach = match !== undefined && (this.config.toleranceMs === undefined || time - eventTimeOf(match) <= this.config.toleranceMs);
    if (!inReach && this.config.unmatched === 'drop') return null;
    return this.merge(left, inReach ? match : undefined);
  }

  /** Drops right rows no left row to come can match: all but the latest at or before `floor` (the earliest left time still possible). */
  prune(floor: number): void {
    for (const [id, rows] of this.keys) {
      const drop = upperBound(rows, floor) - 1;
      if (drop > 0) {
        rows.splice(0, drop);
        this.buffered -= drop;
      }
      if (rows.length === 0) this.keys.delete(id);
    }
  }

  snapshot(): z.infer<typeof asofRightStateSchema> {
    return [...this.keys].map(([id, rows]) => ({ id, rows: [...rows] }));
  }

  private merge(left: PipelineRow, match: PipelineRow | undefined): PipelineRow {
    const joined: PipelineRow = { ...left };
    // A left row's own columns win over a right column of the same (prefixed) name.
    const put = (column: string, value: PipelineRow[string]) => {
      if (!Object.hasOwn(joined, column)) joined[column] = value ?? null;
    };
    const columns = this.config.columns ?? (match === undefined ? [] : Object.keys(match).filter((column) => column !== ROW_TIME_COLUMN && !this.config.by.includes(column)));
    for (const column of columns) put(`${this.config.prefix}${column}`, match?.[column] ?? null);
    if (this.config.rightTimeAs !== undefined) put(this.config.rightTimeAs, match === undefined ? null : eventTimeOf(match));
    return joined;
  }
}

/** The index after the last row with time <= `time`. */
function upperBound(rows: readonly PipelineRow[], time: number): number {
  let low = 0;
  let high = rows.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    const row = rows[middle];
    if (row !== undefined && eventTimeOf(row) <= time) low = middle + 1;
    else high = middle;
  }
  return low;
}


import type { TruncatedReason } from './time-series-store.ts';

/** `[`, `]` of the rows array and the comma before every row but the first. */
const ROW_FRAMING_BYTES = 1;

/**
 * Decides row by row whether a result may grow: at most `maxRows` rows, and at most
 * `maxBytes` of JSON for all of them. Rows are offered one at a time as they are read, so
 * a reader stops pulling from the database as soon as the next row would not fit instead
 * of materializing the whole result first. A row that alone exceeds what is left is not
 * cut: it is refused, with the reason, so no row reaches the caller half-filled.
 */
export class ResultBudget {
  readonly rows: unknown[][] = [];
  private bytes = 2;
  private stoppedBy: TruncatedReason | undefined;

  constructor(
    private readonly maxRows: number,
    private readonly maxBytes: number,
  ) {}

  /**
   * False once the result is full; the row offered then is not kept. The row is read only
   * when there is room for one more, so a row past maxRows is never converted.
   */
  offer(readRow: () => unknown[]): boolean {
    if (this.stoppedBy !== undefined) return false;
    if (this.rows.length >= this.maxRows) {
      this.stoppedBy = 'rows';
      return false;
    }
    const row = readRow();
    const size = jsonBytes(row) + ROW_FRAMING_BYTES;
    if (this.bytes + size > this.maxBytes) {
      this.stoppedBy = 'bytes';
      return false;
    }
    this.bytes += size;
    this.rows.push(row);
    return true;
  }

  get truncatedReason(): TruncatedReason | undefined {
    return this.stoppedBy;
  }
}

/** UTF-8 size of the value as JSON (the fronts send results as JSON). */
export function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value) ?? 'null', 'utf8');
}

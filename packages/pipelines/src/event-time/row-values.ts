import { type PipelineRow, type PipelineScalar, ROW_TIME_COLUMN } from '@facilflow/contracts';

/** A row the stage cannot place in event time, or a value it cannot compute with: the executor records it (a poison row goes to dead letters). */
export class RowValueError extends Error {
  override readonly name = 'RowValueError';
}

/** The row's event time (`time`, epoch ms); a row without one has no place in a window. */
export function eventTimeOf(row: PipelineRow): number {
  const time = row[ROW_TIME_COLUMN];
  if (typeof time !== 'number' || !Number.isFinite(time)) {
    throw new RowValueError(`a row needs a numeric "${ROW_TIME_COLUMN}" (epoch ms) here, got ${JSON.stringify(time ?? null)}`);
  }
  return time;
}

/** A numeric column's value: null when absent or null, an error when it holds something else. */
export function numberOrNull(row: PipelineRow, column: string): number | null {
  const value = row[column];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new RowValueError(`column "${column}" must hold a number, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** A column's value with absent read as null, so rows missing a column group and aggregate like rows holding null. */
export function scalarOrNull(row: PipelineRow, column: string): PipelineScalar {
  return row[column] ?? null;
}

/** Rows in event-time order; rows with the same time keep their input order (Array.prototype.sort is stable). */
export function sortByEventTime(rows: readonly PipelineRow[]): PipelineRow[] {
  return rows
    .map((row) => ({ row, time: eventTimeOf(row) }))
    .sort((a, b) => a.time - b.time)
    .map(({ row }) => row);
}

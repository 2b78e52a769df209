import type { PipelineRow, PipelineScalar } from '@facilflow/contracts';
import { z } from 'zod';
import { scalarOrNull } from './row-values.ts';

const columnName = z.string().min(1).max(128);

/** The key columns a stateful stage partitions its state by (also how the executor spreads keys over workers). */
export const groupBySchema = z
  .array(columnName)
  .max(16)
  .default([])
  .describe('Key columns the state is kept per, e.g. ["line", "machine"]; a row missing one groups under null. Empty: one key for all rows');

export interface PartitionKey {
  /** Stable string form, used as the map key and in snapshots. */
  id: string;
  values: PipelineScalar[];
}

export function partitionKeyOf(row: PipelineRow, columns: readonly string[]): PartitionKey {
  const values = columns.map((column) => scalarOrNull(row, column));
  return { id: JSON.stringify(values), values };
}

/** The key columns as they go back onto an output row. */
export function keyColumns(columns: readonly string[], values: readonly PipelineScalar[]): PipelineRow {
  const row: PipelineRow = {};
  columns.forEach((column, index) => {
    row[column] = values[index] ?? null;
  });
  return row;
}

/** Orders keys the same way on every run, so batch and stream outputs can be compared row for row. */
export function compareKeyIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

import type { DuckDBConnection } from '@duckdb/node-api';
import { quoteIdentifier, TIME_COLUMN } from '../identifiers.ts';
import type { RetentionDeletion } from '../time-series-store.ts';
import type { Compactor } from './compaction.ts';
import { readTables } from './table-schema.ts';

/**
 * Deletes one measurement's rows older than `before` (epoch ms) in one transaction on the
 * writer's connection, with the compaction records of the windows that held only those rows.
 * The caller runs it between two write groups, so no write interleaves.
 */
export async function deleteRowsBefore(writer: DuckDBConnection, compactor: Compactor, measurement: string, before: number): Promise<RetentionDeletion> {
  // Committed tables only: the writer's picture may hold one a staged group has yet to create.
  const table = (await readTables(writer)).find((stored) => stored.name.toLowerCase() === measurement.toLowerCase());
  if (table === undefined) return { measurement, rows: 0 };
  await writer.run('BEGIN TRANSACTION');
  try {
    const deleted = await writer.run(`DELETE FROM ${quoteIdentifier(table.name)} WHERE ${quoteIdentifier(TIME_COLUMN)} < make_timestamp(${Math.floor(before) * 1000})`);
    await compactor.forgetBefore(writer, table.name, before);
    await writer.run('COMMIT');
    return { measurement: table.name, rows: deleted.rowsChanged };
  } catch (error) {
    await writer.run('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

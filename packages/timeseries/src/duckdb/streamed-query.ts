import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import type { ResultBudget } from '../result-budget.ts';
import type { QueryColumn } from '../time-series-store.ts';
import { columnKind, jsonSafeConverter } from './result-values.ts';

/**
 * Runs the statement as a streaming result and pulls it a chunk (up to 2048 rows) at a
 * time, converting one row at a time into the budget until it is full. DuckDB computes
 * the next chunk only when asked, so a result far larger than the budget is neither
 * computed in full nor copied into JavaScript; the event loop is free between chunks, so
 * the time limit's interrupt is never held up by conversion work.
 */
export async function streamIntoBudget(
  connection: DuckDBConnection,
  sql: string,
  /** None given: the statement is not bound at all, which saves DuckDB a pass over it. */
  params: Record<string, DuckDBValue> | undefined,
  budget: ResultBudget,
  stop: AbortSignal,
): Promise<QueryColumn[]> {
  // Prepared directly: the guard has made it one statement, so the client's split into
  // statements (a trip to DuckDB's thread of its own) is not needed.
  const prepared = await connection.prepare(sql);
  let result;
  try {
    if (params !== undefined) prepared.bind(params);
    result = await prepared.stream();
  } finally {
    // The streaming result lives on without its statement, as in the client's own stream().
    prepared.destroySync();
  }
  const types = result.columnTypes();
  const columns = result.columnNames().map((name, i) => ({ name, type: columnKind(types[i]!), nativeType: String(types[i]) }));
  for (;;) {
    stop.throwIfAborted();
    const chunk = await result.fetchChunk();
    if (chunk === null || chunk.rowCount === 0) return columns;
    for (let row = 0; row < chunk.rowCount; row++) {
      if (!budget.offer(() => chunk.convertRowValues(row, jsonSafeConverter))) return columns;
    }
  }
}

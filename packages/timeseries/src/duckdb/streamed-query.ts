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
  params: Record<string, DuckDBValue>,
  budget: ResultBudget,
  stop: AbortSignal,
): Promise<QueryColumn[]> {
  const result = await connection.stream(sql, params);
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

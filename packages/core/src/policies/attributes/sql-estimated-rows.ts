import type { PolicyAttributes } from '@facilflow/contracts';

/** A LIMIT at the very end of the statement: the outermost query's, as a subquery's sits inside brackets. */
const TRAILING_LIMIT = /\blimit\s+(\d+)(?:\s+offset\s+\d+)?\s*;?\s*$/i;

/**
 * The most rows a telemetry query can return, without running it: its outermost LIMIT when it
 * ends with one, and never more than its maxRows, where the store stops reading. A count
 * estimate would have to run the query first; this bound is exact for what reaches the caller.
 */
export function sqlEstimatedRows(input: { sql: string; maxRows: number }): PolicyAttributes {
  const limit = TRAILING_LIMIT.exec(input.sql.replace(/--[^\n]*$/gm, '').trimEnd());
  const bound = limit ? Math.min(Number(limit[1]), input.maxRows) : input.maxRows;
  return { 'sql.estimatedRows': bound };
}

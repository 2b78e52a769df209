import { ResultBudget } from '../result-budget.ts';
import type { QueryColumn, TruncatedReason } from '../time-series-store.ts';
import { columnOf, isTimeColumn, jsonSafe } from './row-values.ts';

export interface BoundedRows {
  columns: QueryColumn[];
  rows: unknown[][];
  truncatedReason: TruncatedReason | undefined;
}

/**
 * Pulls rows from the client's stream (it decodes one Arrow record batch at a time) into
 * the budget and stops pulling as soon as it is full, so the rest of the result is never
 * decoded; leaving the loop closes the stream. Each row is made JSON-safe as it arrives,
 * which is what its size is measured on.
 */
export async function readBoundedRows(
  stream: AsyncIterable<Record<string, unknown>>,
  maxRows: number,
  maxBytes: number,
  stop: AbortSignal,
  /** Lowercase column names left out of every row (withheld fields a `*` brought back). */
  dropped: ReadonlySet<string> = new Set(),
): Promise<BoundedRows> {
  const budget = new ResultBudget(maxRows, maxBytes);
  let names: string[] | undefined;
  const samples = new Map<string, unknown>();
  for await (const row of stream) {
    stop.throwIfAborted();
    const columnNames = (names ??= Object.keys(row).filter((name) => !dropped.has(name.toLowerCase())));
    if (!budget.offer(() => columnNames.map((name) => jsonSafe(row[name], isTimeColumn(name))))) break;
    for (const name of columnNames) {
      if (!samples.has(name) && row[name] !== null && row[name] !== undefined) samples.set(name, row[name]);
    }
  }
  return {
    columns: (names ?? []).map((name) => columnOf(name, samples.get(name))),
    rows: budget.rows,
    truncatedReason: budget.truncatedReason,
  };
}

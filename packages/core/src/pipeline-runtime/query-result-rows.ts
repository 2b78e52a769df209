import type { PipelineRow, PipelineScalar } from '@facilflow/contracts';
import type { QueryResult } from '@facilflow/timeseries';

/** Epoch ms of an ISO 8601 timestamp, keeping the microseconds Date.parse drops. */
export function isoToEpochMs(iso: string): number {
  const whole = Date.parse(iso);
  const fraction = /\.(\d{4,9})/.exec(iso)?.[1];
  if (Number.isNaN(whole) || !fraction) return whole;
  return whole + Number(`0.${fraction.slice(3)}`);
}

/** A result as rows for the next stage: timestamps as epoch ms, everything else as the store gave it. */
export function queryResultRows(result: QueryResult): PipelineRow[] {
  const timestampColumns = new Set(result.columns.flatMap((column, index) => (column.type === 'timestamp' ? [index] : [])));
  return result.rows.map((values) => {
    const row: PipelineRow = {};
    result.columns.forEach((column, index) => {
      const value = values[index];
      if (timestampColumns.has(index) && typeof value === 'string') row[column.name] = isoToEpochMs(value);
      else row[column.name] = isScalar(value) ? value : JSON.stringify(value);
    });
    return row;
  });
}

function isScalar(value: unknown): value is PipelineScalar {
  return value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

/** Only the `$name`s the SQL names: a store refuses a parameter its statement does not use. */
export function referencedParams(sql: string, params: Record<string, string | number | boolean | null>): Record<string, string | number | boolean | null> {
  const named = new Set([...sql.matchAll(/\$([A-Za-z_][A-Za-z0-9_]*)/g)].map((match) => match[1]));
  return Object.fromEntries(Object.entries(params).filter(([name]) => named.has(name)));
}

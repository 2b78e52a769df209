import type { Receipt, ReceiptQualityFlag, ReceiptQuery } from '@facilflow/contracts';

/** One registry call of the turn, as the receipt needs it. */
export interface CompletedCall {
  operation: string;
  input: Record<string, unknown>;
  outcome: 'ok' | 'error';
  errorCode?: string;
  output?: unknown;
}

const asRecord = (value: unknown): Record<string, unknown> => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {});

/** Tables a SELECT reads: each measurement is one. */
function measurementsOf(sql: string): string[] {
  const found = [...sql.matchAll(/\b(?:from|join)\s+"?([A-Za-z_][A-Za-z0-9_]*)"?/gi)].map((m) => m[1]!);
  return found.filter((name) => !/^(select|lateral|unnest|generate_series|values)$/i.test(name));
}

/** Tag equalities the SQL filters on, as `tag=value`. */
function tagFiltersOf(sql: string): string[] {
  return [...sql.matchAll(/\b([A-Za-z_][A-Za-z0-9_]*)\s*=\s*'([^']{1,200})'/g)].map((m) => `${m[1]}=${m[2]}`);
}

/** The earliest and latest timestamp in the rows, from the columns typed as timestamps. */
function timeRangeOf(output: Record<string, unknown>): ReceiptQuery['timeRange'] {
  const columns = Array.isArray(output.columns) ? (output.columns as Array<{ type?: unknown }>) : [];
  const rows = Array.isArray(output.rows) ? (output.rows as unknown[][]) : [];
  const timeColumns = columns.flatMap((column, i) => (column.type === 'timestamp' ? [i] : []));
  let from: number | null = null;
  let to: number | null = null;
  for (const row of rows) {
    for (const i of timeColumns) {
      const at = Date.parse(String(row[i]));
      if (Number.isNaN(at)) continue;
      from = from === null ? at : Math.min(from, at);
      to = to === null ? at : Math.max(to, at);
    }
  }
  return from === null || to === null ? null : { from: new Date(from).toISOString(), to: new Date(to).toISOString() };
}

function qualityFlagsOf(output: Record<string, unknown>): ReceiptQualityFlag[] {
  const items = Array.isArray(output.items) ? (output.items as Array<Record<string, unknown>>) : [];
  return items.flatMap((item) =>
    typeof item.measurement === 'string' && typeof item.field === 'string'
      ? [{ measurement: item.measurement, field: item.field, check: item.check, severity: item.severity, status: item.status } as ReceiptQualityFlag]
      : [],
  );
}

const lineagePath = (measurement: string) => `/lineage?node=${encodeURIComponent(`measurement:${measurement}`)}`;

/** Gathers what an answer rests on from the calls of its turn. */
export function collectReceipt(calls: readonly CompletedCall[]): Receipt {
  const queries: ReceiptQuery[] = [];
  const measurements = new Set<string>();
  const tags = new Set<string>();
  const qualityFlags: ReceiptQualityFlag[] = [];
  for (const call of calls) {
    const output = asRecord(call.output);
    if (call.outcome !== 'ok') continue;
    if (call.operation === 'telemetry.query' && typeof call.input.sql === 'string') {
      const sql = call.input.sql;
      queries.push({ sql, timeRange: timeRangeOf(output), rowCount: Number(output.rowCount ?? 0), truncated: output.truncated === true });
      for (const m of measurementsOf(sql)) measurements.add(m);
      for (const tag of tagFiltersOf(sql)) tags.add(tag);
    }
    if (call.operation === 'telemetry.latest' && Array.isArray(output.values)) {
      for (const value of output.values as Array<{ measurement?: unknown; tags?: Record<string, string> }>) {
        if (typeof value.measurement === 'string') measurements.add(value.measurement);
        for (const [key, tagValue] of Object.entries(value.tags ?? {})) tags.add(`${key}=${tagValue}`);
      }
    }
    if (call.operation === 'quality.issues') qualityFlags.push(...qualityFlagsOf(output));
  }
  return {
    operations: calls.map((call) => ({ operation: call.operation, input: call.input, outcome: call.outcome, ...(call.errorCode ? { errorCode: call.errorCode } : {}) })),
    queries,
    measurements: [...measurements],
    tags: [...tags],
    qualityFlags: qualityFlags.filter((flag) => measurements.size === 0 || measurements.has(flag.measurement)),
    lineage: [...measurements].map(lineagePath),
  };
}

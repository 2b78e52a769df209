import type { TenantScope, WithheldField } from '@facilflow/contracts';
import { newSortableId } from '../ids.ts';
import type { Services } from '../services.ts';
import { queryTelemetry } from '../telemetry/query-telemetry.ts';
import { BoundedText, csvLine } from './export-encoding.ts';

export interface TelemetryExportInput {
  sql: string;
  params?: Record<string, string | number | boolean | null> | undefined;
  format: 'csv' | 'jsonl';
  maxRows: number;
  maxBytes: number;
  timeoutMs: number;
}

export interface TelemetryExport {
  format: 'csv' | 'jsonl';
  columns: string[];
  rows: number;
  bytes: number;
  truncated: boolean;
  key: string;
  contentType: string;
  content: string;
  withheld?: WithheldField[];
}

/**
 * A query's result as a file in the tenant's object storage (CSV with a header row, or JSON
 * Lines of objects), answered inline too. It runs as the caller's own telemetry.query, so
 * the fields the caller's role may not see are withheld exactly as there: left out of `*`,
 * refused when named.
 */
export async function exportTelemetry(services: Services, scope: TenantScope, input: TelemetryExportInput, signal?: AbortSignal): Promise<TelemetryExport> {
  const result = await queryTelemetry(services, scope, { sql: input.sql, params: input.params, maxRows: input.maxRows, timeoutMs: input.timeoutMs }, signal);
  const columns = result.columns.map((column) => column.name);
  const page = new BoundedText(input.maxRows, input.maxBytes, input.format === 'csv' ? csvLine(columns) : '');
  for (const row of result.rows) {
    const line = input.format === 'csv' ? csvLine(row) : `${JSON.stringify(Object.fromEntries(columns.map((name, i) => [name, row[i]])))}\n`;
    if (!page.offerRow(line)) break;
  }
  const content = page.text();
  const bytes = new TextEncoder().encode(content);
  const extension = input.format === 'csv' ? 'csv' : 'jsonl';
  const contentType = input.format === 'csv' ? 'text/csv' : 'application/x-ndjson';
  const key = `exports/telemetry/${newSortableId(services.now())}.${extension}`;
  await services.objects.put(scope.tenantId, key, { bytes, contentType }, signal);
  return {
    format: input.format,
    columns,
    rows: page.rows,
    bytes: bytes.byteLength,
    truncated: result.truncated || page.full,
    key,
    contentType,
    content,
    ...(result.withheld ? { withheld: result.withheld } : {}),
  };
}

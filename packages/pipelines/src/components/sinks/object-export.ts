import { z } from 'zod';
import { defineComponent, type StageContext } from '../component.ts';
import { columnsOf, rowsToCsv } from './rows-to-csv.ts';
import { rowsToParquet } from './rows-to-parquet.ts';

const config = z.object({
  format: z.enum(['csv', 'parquet']).default('parquet'),
  /**
   * Object key under the tenant's prefix; `{runId}`, `{date}` (the run range's start as
   * YYYY-MM-DD in `timezone`, today without a range) and `{stage}` are filled in.
   */
  key: z
    .string()
    .min(1)
    .max(512)
    .regex(/^[A-Za-z0-9_{}./=-]+$/, 'letters, digits and _ { } . / = -')
    .refine((key) => !key.split('/').some((part) => part === '..' || part === '.' || part === ''), 'no empty, "." or ".." path parts')
    .describe('e.g. "exports/energy/{date}.parquet"'),
  columns: z.array(z.string().min(1).max(128)).max(1024).default([]).describe('Columns in this order (every column, first seen first, when empty)'),
  timezone: z
    .string()
    .min(1)
    .max(64)
    .refine(isTimeZone, 'an IANA time zone, e.g. "Europe/Berlin"')
    .default('UTC')
    .describe('Time zone whose calendar day {date} names: a cron run at local midnight exports the local day before'),
});

function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}

type ExportConfig = z.output<typeof config>;

function objectKey(context: StageContext<ExportConfig>): string {
  // en-CA writes dates as YYYY-MM-DD.
  const date = new Intl.DateTimeFormat('en-CA', { timeZone: context.config.timezone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(context.range?.from ?? Date.now()));
  return context.config.key.replaceAll('{runId}', context.runId).replaceAll('{date}', date).replaceAll('{stage}', context.stageId);
}

export const objectExportSink = defineComponent({
  name: 'sink.object-export',
  category: 'sink',
  title: 'Export file',
  description:
    "Writes the rows to one file in the tenant's object storage, as CSV (RFC 4180, header row) or Parquet (numbers as " +
    'DOUBLE, `time` as a timestamp, mixed columns as text), at a key that may carry {date}, {runId} and {stage}. ' +
    'Outputs one row describing the file: key, format, rows, bytes. Use it for daily reports and hand-offs to BI tools.',
  config,
  input: { kind: 'rows', min: 1, max: 1 },
  output: { kind: 'rows' },
  modes: ['batch'],
  examples: [{ title: "Yesterday's energy per line as Parquet", with: { format: 'parquet', key: 'exports/energy/{date}.parquet' } }],
  async run(context, inputs) {
    const rows = inputs[0]?.rows ?? [];
    const columns = context.config.columns.length > 0 ? context.config.columns : columnsOf(rows);
    const bytes = context.config.format === 'csv' ? new TextEncoder().encode(rowsToCsv(rows, columns)) : rowsToParquet(rows, columns);
    const contentType = context.config.format === 'csv' ? 'text/csv' : 'application/vnd.apache.parquet';
    const stored = await context.services.putObject(objectKey(context), bytes, contentType, context.signal);
    return { rows: [{ key: stored.key, format: context.config.format, rows: rows.length, bytes: bytes.byteLength }] };
  },
});

import type { PipelineRow, PipelineScalar } from '@facilflow/contracts';

/** Every column of the rows, in first-seen order. */
export function columnsOf(rows: readonly PipelineRow[]): string[] {
  const columns = new Set<string>();
  for (const row of rows) for (const column of Object.keys(row)) columns.add(column);
  return [...columns];
}

// RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled. A leading = + - @ is
// prefixed with ' so a spreadsheet opening the export never runs a formula from plant data.
function csvField(value: PipelineScalar | undefined): string {
  if (value === undefined || value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function rowsToCsv(rows: readonly PipelineRow[], columns: readonly string[]): string {
  const lines = [columns.map((column) => csvField(column)).join(',')];
  for (const row of rows) lines.push(columns.map((column) => csvField(row[column])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

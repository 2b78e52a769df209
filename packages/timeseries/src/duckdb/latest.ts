import type { DuckDBConnection } from '@duckdb/node-api';
import { FacilFlowError, type FieldValue } from '@facilflow/contracts';
import { isIdentifier, quoteIdentifier, TIME_COLUMN } from '../identifiers.ts';
import type { LatestFilter, LatestValue } from '../time-series-store.ts';
import { jsonSafeConverter } from './result-values.ts';
import { readTables, type StoredTable } from './table-schema.ts';

/**
 * Last value per (measurement, tag set, field) read from the tables: what fills the last-value
 * cache when a database opens, and what answers for a measurement the cache lost series of.
 * Computed by DuckDB in one grouped scan
 * per measurement: `arg_max(field, time)` over the rows where the field is present
 * (rows are wide and sparse, a point sets only some fields).
 */
export async function readLatest(connection: DuckDBConnection, filter: LatestFilter): Promise<LatestValue[]> {
  checkLatestFilter(filter);
  const where = Object.entries(filter.where ?? {});
  const wanted = filter.measurement?.toLowerCase();
  const latest: LatestValue[] = [];
  // One snapshot for the columns and the rows: a tag column added by a write committed between
  // the two would otherwise be missing from the GROUP BY, and that write's new series would
  // lend its times to the series without the tag.
  await connection.run('BEGIN TRANSACTION');
  try {
    for (const table of await readTables(connection)) {
      if (wanted !== undefined && table.name.toLowerCase() !== wanted) continue;
      latest.push(...(await latestOf(connection, table, where)));
    }
    await connection.run('COMMIT');
  } catch (error) {
    await connection.run('ROLLBACK').catch(() => undefined);
    throw error;
  }
  return latest;
}

/** Tag names in a filter are identifiers: they become column names in the store query. */
export function checkLatestFilter(filter: LatestFilter): void {
  for (const key of Object.keys(filter.where ?? {})) {
    if (!isIdentifier(key)) throw new FacilFlowError('INVALID', `Tag name "${key}" is not valid`);
  }
}

async function latestOf(connection: DuckDBConnection, table: StoredTable, where: Array<[string, string]>): Promise<LatestValue[]> {
  const tags = table.columns.filter((column) => column.role === 'tag');
  const fields = table.columns.filter((column) => column.role === 'field');
  const conditions: string[] = [];
  const params: Record<string, string> = {};
  for (const [i, [key, value]] of where.entries()) {
    const tag = tags.find((column) => column.name.toLowerCase() === key.toLowerCase());
    // A measurement without the tag has no series where it equals anything.
    if (tag === undefined) return [];
    conditions.push(`${quoteIdentifier(tag.name)} = $w${i}`);
    params[`w${i}`] = value;
  }
  if (fields.length === 0) return [];

  const time = quoteIdentifier(TIME_COLUMN);
  const tagList = tags.map((tag) => quoteIdentifier(tag.name));
  const perField = fields.map((field) => {
    const column = quoteIdentifier(field.name);
    const present = `FILTER (WHERE ${column} IS NOT NULL)`;
    return `max(${time}) ${present}, arg_max(${column}, ${time}) ${present}`;
  });
  const sql = [
    `SELECT ${[...tagList, ...perField].join(', ')} FROM ${quoteIdentifier(table.name)}`,
    conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '',
    tagList.length > 0 ? `GROUP BY ${tagList.join(', ')}` : '',
  ].join(' ');
  const reader = await connection.runAndReadAll(sql, params);

  const latest: LatestValue[] = [];
  for (const row of reader.convertRows(jsonSafeConverter)) {
    const tagSet: Record<string, string> = {};
    tags.forEach((tag, i) => {
      const value = row[i];
      if (typeof value === 'string') tagSet[tag.name] = value;
    });
    fields.forEach((field, i) => {
      const at = row[tags.length + 2 * i];
      const value = row[tags.length + 2 * i + 1];
      if (typeof at !== 'string' || value === null || value === undefined) return;
      latest.push({ measurement: table.name, tags: { ...tagSet }, field: field.name, value: value as FieldValue, time: at });
    });
  }
  return latest;
}

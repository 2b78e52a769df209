import type { DuckDBConnection } from '@duckdb/node-api';
import { quoteIdentifier, TIME_COLUMN } from '../identifiers.ts';
import { CATALOG_DISTINCT_CAP, type Catalog, type CatalogMeasurement } from '../time-series-store.ts';
import { jsonSafeConverter } from './result-values.ts';
import { readTables, type StoredTable } from './table-schema.ts';

const FIELD_TYPES = { DOUBLE: 'number', BOOLEAN: 'boolean', VARCHAR: 'string' } as const;

export async function readCatalog(connection: DuckDBConnection): Promise<Catalog> {
  const measurements: CatalogMeasurement[] = [];
  for (const table of await readTables(connection)) measurements.push(await describe(connection, table));
  return { measurements };
}

/**
 * One aggregate query per measurement. Distinct tag values are counted over at most
 * CATALOG_DISTINCT_CAP + 1 values, so a high-cardinality tag costs a bounded amount.
 */
async function describe(connection: DuckDBConnection, table: StoredTable): Promise<CatalogMeasurement> {
  const name = quoteIdentifier(table.name);
  const time = quoteIdentifier(TIME_COLUMN);
  const tags = table.columns.filter((column) => column.role === 'tag');
  const distinctCounts = tags.map((tag) => {
    const column = quoteIdentifier(tag.name);
    return `(SELECT count(*) FROM (SELECT DISTINCT ${column} FROM ${name} WHERE ${column} IS NOT NULL LIMIT ${CATALOG_DISTINCT_CAP + 1}))`;
  });
  const reader = await connection.runAndReadAll(`SELECT count(*), min(${time}), max(${time})${distinctCounts.map((sql) => `, ${sql}`).join('')} FROM ${name}`);
  const [pointCount, firstTime, lastTime, ...distinct] = reader.convertRows(jsonSafeConverter)[0] ?? [];
  return {
    name: table.name,
    tags: tags.map((tag, i) => {
      const count = Number(distinct[i] ?? 0);
      return { name: tag.name, distinctValues: Math.min(count, CATALOG_DISTINCT_CAP), distinctValuesCapped: count > CATALOG_DISTINCT_CAP };
    }),
    fields: table.columns.filter((column) => column.role === 'field').map((field) => ({ name: field.name, type: FIELD_TYPES[field.type] })),
    firstTime: typeof firstTime === 'string' ? firstTime : null,
    lastTime: typeof lastTime === 'string' ? lastTime : null,
    pointCount: Number(pointCount ?? 0),
  };
}

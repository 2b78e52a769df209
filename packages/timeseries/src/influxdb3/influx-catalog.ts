import { FacilFlowError, type FieldValue } from '@facilflow/contracts';
import { isIdentifier, quoteIdentifier, TIME_COLUMN } from '../identifiers.ts';
import { CATALOG_DISTINCT_CAP, type Catalog, type CatalogMeasurement, type FieldType, type LatestFilter, type LatestValue } from '../time-series-store.ts';
import type { QueryParam } from '../time-series-store.ts';
import { jsonSafe } from './row-values.ts';

/** Runs generated SQL against the tenant's database; a database not created yet reads as empty. */
export type InfluxSql = (sql: string, params?: Record<string, QueryParam>) => Promise<Array<Record<string, unknown>>>;

interface InfluxTable {
  name: string;
  tags: string[];
  fields: Array<{ name: string; type: FieldType }>;
}

/**
 * InfluxDB 3 keeps measurements as tables in the `iox` schema: tags are dictionary-encoded
 * strings, `time` a nanosecond timestamp, every other column a field.
 */
async function readTables(sql: InfluxSql): Promise<InfluxTable[]> {
  const rows = await sql(
    `SELECT table_name, column_name, data_type FROM information_schema.columns
     WHERE table_schema = 'iox' ORDER BY table_name, ordinal_position`,
  );
  const tables: InfluxTable[] = [];
  for (const row of rows) {
    const tableName = String(row.table_name);
    const column = String(row.column_name);
    const dataType = String(row.data_type);
    let table = tables.at(-1);
    if (table === undefined || table.name !== tableName) {
      table = { name: tableName, tags: [], fields: [] };
      tables.push(table);
    }
    if (column === TIME_COLUMN) continue;
    if (dataType.startsWith('Dictionary')) table.tags.push(column);
    else table.fields.push({ name: column, type: dataType === 'Boolean' ? 'boolean' : dataType === 'Utf8' ? 'string' : 'number' });
  }
  return tables;
}

export async function readInfluxCatalog(sql: InfluxSql): Promise<Catalog> {
  const measurements: CatalogMeasurement[] = [];
  for (const table of await readTables(sql)) {
    const name = quoteIdentifier(table.name);
    const distinct = table.tags.map((tag, i) => {
      const column = quoteIdentifier(tag);
      return `, (SELECT count(*) FROM (SELECT DISTINCT ${column} FROM ${name} WHERE ${column} IS NOT NULL LIMIT ${CATALOG_DISTINCT_CAP + 1})) AS d${i}`;
    });
    const [row] = await sql(`SELECT count(*) AS points, min(time) AS first_time, max(time) AS last_time${distinct.join('')} FROM ${name}`);
    measurements.push({
      name: table.name,
      tags: table.tags.map((tag, i) => {
        const count = Number(row?.[`d${i}`] ?? 0);
        return { name: tag, distinctValues: Math.min(count, CATALOG_DISTINCT_CAP), distinctValuesCapped: count > CATALOG_DISTINCT_CAP };
      }),
      fields: table.fields,
      firstTime: isoOrNull(row?.first_time),
      lastTime: isoOrNull(row?.last_time),
      pointCount: Number(row?.points ?? 0),
    });
  }
  return { measurements };
}

/** Last value per series and field: `last_value(field ORDER BY time)` over the rows where the field is present. */
export async function readInfluxLatest(sql: InfluxSql, filter: LatestFilter): Promise<LatestValue[]> {
  const where = Object.entries(filter.where ?? {});
  for (const [key] of where) {
    if (!isIdentifier(key)) throw new FacilFlowError('INVALID', `Tag name "${key}" is not valid`);
  }
  const latest: LatestValue[] = [];
  for (const table of await readTables(sql)) {
    if (filter.measurement !== undefined && table.name !== filter.measurement) continue;
    if (table.fields.length === 0 || where.some(([key]) => !table.tags.includes(key))) continue;
    const tags = table.tags.map(quoteIdentifier);
    const perField = table.fields.map((field, i) => {
      const column = quoteIdentifier(field.name);
      const present = `FILTER (WHERE ${column} IS NOT NULL)`;
      return `max(time) ${present} AS t${i}, last_value(${column} ORDER BY time) ${present} AS v${i}`;
    });
    const params = Object.fromEntries(where.map(([, value], i) => [`w${i}`, value]));
    const rows = await sql(
      [
        `SELECT ${[...tags.map((tag, i) => `${tag} AS g${i}`), ...perField].join(', ')} FROM ${quoteIdentifier(table.name)}`,
        where.length > 0 ? `WHERE ${where.map(([key], i) => `${quoteIdentifier(key)} = $w${i}`).join(' AND ')}` : '',
        tags.length > 0 ? `GROUP BY ${tags.join(', ')}` : '',
      ].join(' '),
      params,
    );
    for (const row of rows) {
      const tagSet: Record<string, string> = {};
      table.tags.forEach((tag, i) => {
        const value = row[`g${i}`];
        if (typeof value === 'string') tagSet[tag] = value;
      });
      table.fields.forEach((field, i) => {
        const time = isoOrNull(row[`t${i}`]);
        const value = jsonSafe(row[`v${i}`], false);
        if (time === null || value === null) return;
        latest.push({ measurement: table.name, tags: { ...tagSet }, field: field.name, value: value as FieldValue, time });
      });
    }
  }
  return latest;
}

function isoOrNull(value: unknown): string | null {
  const iso = jsonSafe(value, true);
  return typeof iso === 'string' ? iso : null;
}

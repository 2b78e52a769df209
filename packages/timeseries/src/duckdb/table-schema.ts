import type { DuckDBConnection } from '@duckdb/node-api';
import { quoteIdentifier, quoteLiteral, TIME_COLUMN } from '../identifiers.ts';

/**
 * The writer's picture of a tenant's tables: one table per measurement, a TIMESTAMP
 * `time` column first, then tags (VARCHAR) and fields (DOUBLE, BOOLEAN, VARCHAR) in the
 * order they first arrived. Whether a VARCHAR column is a tag or a string field is kept
 * as the column's COMMENT, so the tenant's database holds nothing but its measurements.
 *
 * DuckDB folds identifier case (`Temp` and `temp` are the same column), so names are
 * looked up exactly first (the hot path) and case-folded only to detect such clashes.
 *
 * The writer adds to this picture as it stages points, before the DDL commits; a failed
 * transaction throws the picture away and reads it again from the database.
 */

export type ValueType = 'DOUBLE' | 'BOOLEAN' | 'VARCHAR';
export type ColumnRole = 'tag' | 'field';

export interface Column {
  readonly name: string;
  readonly role: ColumnRole | 'time';
  readonly type: ValueType | 'TIMESTAMP';
  /** Position in the table, which is the position in every appended row. */
  readonly position: number;
}

export class Table {
  readonly columns: Column[] = [];
  private readonly exact = new Map<string, Column>();
  private readonly folded = new Map<string, Column>();

  constructor(readonly name: string) {
    this.add(TIME_COLUMN, 'time', 'TIMESTAMP');
  }

  column(name: string): Column | undefined {
    return this.exact.get(name);
  }

  columnIgnoringCase(name: string): Column | undefined {
    return this.folded.get(name.toLowerCase());
  }

  add(name: string, role: Column['role'], type: Column['type']): Column {
    const column: Column = { name, role, type, position: this.columns.length };
    this.columns.push(column);
    this.exact.set(name, column);
    this.folded.set(name.toLowerCase(), column);
    return column;
  }
}

export class Schema {
  private readonly exact = new Map<string, Table>();
  private readonly folded = new Map<string, Table>();

  /** The committed tables, as a fresh cache for the writer. */
  static async load(connection: DuckDBConnection): Promise<Schema> {
    const schema = new Schema();
    for (const stored of await readTables(connection)) {
      const table = schema.register(new Table(stored.name));
      for (const column of stored.columns) table.add(column.name, column.role, column.type);
    }
    return schema;
  }

  table(name: string): Table | undefined {
    return this.exact.get(name);
  }

  tableIgnoringCase(name: string): Table | undefined {
    return this.folded.get(name.toLowerCase());
  }

  register(table: Table): Table {
    this.exact.set(table.name, table);
    this.folded.set(table.name.toLowerCase(), table);
    return table;
  }
}

/** DDL creating a table with the columns it has now, role comments included. */
export function createTableStatements(table: Table): string[] {
  const columns = table.columns.map((column) => `${quoteIdentifier(column.name)} ${column.type}`);
  return [`CREATE TABLE ${quoteIdentifier(table.name)} (${columns.join(', ')})`, ...table.columns.flatMap((column) => commentStatement(table, column))];
}

export function addColumnStatements(table: Table, column: Column): string[] {
  return [`ALTER TABLE ${quoteIdentifier(table.name)} ADD COLUMN ${quoteIdentifier(column.name)} ${column.type}`, ...commentStatement(table, column)];
}

function commentStatement(table: Table, column: Column): string[] {
  if (column.role === 'time') return [];
  return [`COMMENT ON COLUMN ${quoteIdentifier(table.name)}.${quoteIdentifier(column.name)} IS ${quoteLiteral(column.role)}`];
}

export interface StoredTable {
  name: string;
  /** Tags and fields in table order; the time column is left out. */
  columns: Array<{ name: string; role: ColumnRole; type: ValueType }>;
}

/** Reads the committed tables and columns; column comments say which VARCHAR columns are tags. */
export async function readTables(connection: DuckDBConnection): Promise<StoredTable[]> {
  const reader = await connection.runAndReadAll(
    `SELECT table_name, column_name, data_type, comment FROM duckdb_columns()
     WHERE database_name = current_database() AND schema_name = 'main'
     ORDER BY table_name, column_index`,
  );
  const tables: StoredTable[] = [];
  for (const [tableName, columnName, dataType, comment] of reader.getRows()) {
    let table = tables.at(-1);
    if (table === undefined || table.name !== tableName) {
      table = { name: String(tableName), columns: [] };
      tables.push(table);
    }
    if (columnName === TIME_COLUMN) continue;
    table.columns.push({ name: String(columnName), role: comment === 'tag' ? 'tag' : 'field', type: String(dataType) as ValueType });
  }
  return tables;
}

import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { quoteIdentifier, quoteLiteral } from '../identifiers.ts';

export interface TenantSnapshotSummary {
  tables: number;
  rows: number;
}

interface TableDefinition {
  schema: string;
  name: string;
  sql: string;
  comment: string | null;
}

interface ColumnComment {
  schema: string;
  table: string;
  column: string;
  comment: string;
}

/**
 * Copies a tenant's database, as of one instant, into a new DuckDB file at `targetFile`.
 *
 * `source` is a connection of the tenant's open instance other than the writer. Everything is
 * read inside one transaction, so every table is seen at the same snapshot (DuckDB's MVCC): a
 * write group commits its points and its batch keys together, so the copy holds each group
 * whole or not at all, while the writer goes on committing beside it.
 *
 * The tenant's instance cannot write files (external access is off and the configuration is
 * locked), so `EXPORT DATABASE` or `ATTACH` are not available there: the rows travel chunk by
 * chunk into a second instance that owns the target file.
 */
export async function copyTenantSnapshot(source: DuckDBConnection, targetFile: string): Promise<TenantSnapshotSummary> {
  await source.run('BEGIN TRANSACTION');
  try {
    const schemas = await userSchemas(source);
    const tables = await tableDefinitions(source);
    const comments = await columnComments(source);
    const target = await DuckDBInstance.create(targetFile);
    try {
      const writer = await target.connect();
      try {
        for (const schema of schemas) await writer.run(`CREATE SCHEMA ${quoteIdentifier(schema)}`);
        let rows = 0;
        for (const table of tables) {
          await writer.run(table.sql);
          rows += await copyRows(source, writer, table);
        }
        for (const statement of commentStatements(tables, comments)) await writer.run(statement);
        // The copy is one self-contained file, without a WAL beside it to carry along.
        await writer.run('CHECKPOINT');
        return { tables: tables.length, rows };
      } finally {
        writer.closeSync();
      }
    } finally {
      target.closeSync();
    }
  } finally {
    // Nothing was written on the source: ending the transaction only releases its snapshot.
    await source.run('ROLLBACK').catch(() => undefined);
  }
}

async function userSchemas(connection: DuckDBConnection): Promise<string[]> {
  const reader = await connection.runAndReadAll(
    'SELECT schema_name FROM duckdb_schemas() WHERE database_name = current_database() AND NOT internal ORDER BY schema_name',
  );
  return reader.getRowObjectsJS().map((row) => String(row.schema_name));
}

async function tableDefinitions(connection: DuckDBConnection): Promise<TableDefinition[]> {
  const reader = await connection.runAndReadAll(
    `SELECT schema_name, table_name, sql, comment FROM duckdb_tables()
     WHERE database_name = current_database() AND NOT internal AND NOT temporary ORDER BY schema_name, table_name`,
  );
  return reader.getRowObjectsJS().map((row) => ({
    schema: String(row.schema_name),
    name: String(row.table_name),
    sql: String(row.sql),
    comment: row.comment === null ? null : String(row.comment),
  }));
}

async function columnComments(connection: DuckDBConnection): Promise<ColumnComment[]> {
  const reader = await connection.runAndReadAll(
    `SELECT schema_name, table_name, column_name, comment FROM duckdb_columns()
     WHERE database_name = current_database() AND NOT internal AND comment IS NOT NULL`,
  );
  return reader.getRowObjectsJS().map((row) => ({
    schema: String(row.schema_name),
    table: String(row.table_name),
    column: String(row.column_name),
    comment: String(row.comment),
  }));
}

async function copyRows(source: DuckDBConnection, writer: DuckDBConnection, table: TableDefinition): Promise<number> {
  const result = await source.stream(`SELECT * FROM ${qualified(table.schema, table.name)}`);
  const appender = await writer.createAppender(table.name, table.schema);
  let rows = 0;
  try {
    for (let chunk = await result.fetchChunk(); chunk !== null && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
      appender.appendDataChunk(chunk);
      rows += chunk.rowCount;
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
  return rows;
}

/** Comments are not part of a table's CREATE statement; the writer reads a column's role from them. */
function commentStatements(tables: TableDefinition[], comments: ColumnComment[]): string[] {
  const onTables = tables
    .filter((table) => table.comment !== null)
    .map((table) => `COMMENT ON TABLE ${qualified(table.schema, table.name)} IS ${quoteLiteral(table.comment ?? '')}`);
  const onColumns = comments.map(
    (c) => `COMMENT ON COLUMN ${qualified(c.schema, c.table)}.${quoteIdentifier(c.column)} IS ${quoteLiteral(c.comment)}`,
  );
  return [...onTables, ...onColumns];
}

function qualified(schema: string, name: string): string {
  return `${quoteIdentifier(schema)}.${quoteIdentifier(name)}`;
}

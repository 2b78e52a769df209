import type { DuckDBConnection } from '@duckdb/node-api';
import { quoteIdentifier, TIME_COLUMN } from '../identifiers.ts';
import { withheldColumnError, withheldMatcher, type WithheldColumn } from '../withheld-columns.ts';
import { readTables } from './table-schema.ts';

/** Views the reader connection shadows measurements with for one query, and how to take them away again. */
export interface ShadowedMeasurements {
  /** Lowercase names of the measurements shadowed: a query may not reach around them as `main.<name>`. */
  names: ReadonlySet<string>;
  /** A DuckDB binder error about a withheld column, turned into the refusal naming its classification. */
  refusalFor(error: unknown): Error | undefined;
  drop(): Promise<void>;
}

/**
 * Withholds columns by shadowing: for each measurement with a withheld field, a temporary view
 * of the same name on this reader connection lists every other column. DuckDB resolves an
 * unqualified table name in the temporary catalog first, so the query (and anything inside it:
 * `SELECT *`, `COLUMNS(*)`, a measurement read as a row struct, subqueries, CTEs) binds to the
 * view and the column is simply not there. The guard refuses `main.<name>` for a shadowed
 * measurement and every other catalog, so nothing reaches the table itself. The views are
 * dropped after the query; an interrupted connection is closed with them.
 */
export async function shadowWithheld(connection: DuckDBConnection, withheld: readonly WithheldColumn[]): Promise<ShadowedMeasurements> {
  const matcher = withheldMatcher(withheld);
  const wanted = new Set(matcher.measurements());
  const database = String((await connection.runAndReadAll('SELECT current_database()')).getRows()[0]![0]);
  const created: string[] = [];
  const hidden: Array<{ column: WithheldColumn; field: string }> = [];
  try {
    for (const table of await readTables(connection)) {
      if (!wanted.has(table.name.toLowerCase())) continue;
      const visible = [TIME_COLUMN];
      for (const column of table.columns) {
        const entry = column.role === 'field' ? matcher.of(table.name, column.name) : undefined;
        if (entry === undefined) visible.push(column.name);
        else hidden.push({ column: entry, field: column.name });
      }
      const name = quoteIdentifier(table.name);
      await connection.run(
        `CREATE OR REPLACE TEMP VIEW ${name} AS SELECT ${visible.map(quoteIdentifier).join(', ')} FROM ${quoteIdentifier(database)}.main.${name}`,
      );
      created.push(name);
    }
  } catch (error) {
    await dropViews(connection, created);
    throw error;
  }
  return {
    names: new Set(created.length === 0 ? [] : [...wanted]),
    refusalFor(error: unknown): Error | undefined {
      const message = error instanceof Error ? error.message : String(error);
      if (!message.startsWith('Binder Error')) return undefined;
      // DuckDB names the column it could not bind in double quotes.
      const named = new Set([...message.matchAll(/"([^"]+)"/g)].map((match) => match[1]!.toLowerCase()));
      const match = hidden.find(({ field }) => named.has(field.toLowerCase()));
      return match === undefined ? undefined : withheldColumnError(match.column, match.field);
    },
    drop: () => dropViews(connection, created),
  };
}

async function dropViews(connection: DuckDBConnection, views: readonly string[]): Promise<void> {
  for (const view of views) await connection.run(`DROP VIEW IF EXISTS temp.main.${view}`);
}

import { BOOLEAN, DOUBLE, DuckDBDataChunk, TIMESTAMP, VARCHAR, type DuckDBConnection, type DuckDBType } from '@duckdb/node-api';
import duckdb from '@duckdb/node-bindings';
import { BooleanStage, DoubleStage, TimeStage, VarcharStage, type ColumnStage } from './column-stages.ts';
import type { Column, Table } from './table-schema.ts';

const DUCKDB_TYPES: Record<Column['type'], DuckDBType> = { TIMESTAMP, DOUBLE, BOOLEAN, VARCHAR };
const INITIAL_CAPACITY = 1024;

/** The rows one write appends to one measurement's table, held column by column. */
export class StagedTable {
  rowCount = 0;
  private capacity = INITIAL_CAPACITY;
  private readonly stages: ColumnStage[] = [];

  constructor(readonly table: Table) {
    this.addMissingStages();
  }

  /** Empties the table for the next write, keeping its buffers. */
  reset(): void {
    for (const stage of this.stages) stage.clear(this.rowCount);
    this.rowCount = 0;
  }

  addRow(time: number, columns: readonly Column[], values: readonly unknown[], count: number): void {
    // Columns added to the table by this write start NULL for the rows staged before them.
    if (this.stages.length !== this.table.columns.length) this.addMissingStages();
    if (this.rowCount === this.capacity) this.grow();
    const row = this.rowCount++;
    this.stages[0]!.set(row, time);
    for (let i = 0; i < count; i++) this.stages[columns[i]!.position]!.set(row, values[i]);
  }

  /** Appends through DuckDB's appender, one data chunk (2048 rows) at a time, inside the caller's transaction. */
  async appendTo(connection: DuckDBConnection): Promise<void> {
    if (this.stages.length !== this.table.columns.length) this.addMissingStages();
    const appender = await connection.createAppender(this.table.name);
    const chunk = DuckDBDataChunk.create(this.table.columns.map((column) => DUCKDB_TYPES[column.type]));
    const chunkRows = duckdb.vector_size();
    try {
      for (let from = 0; from < this.rowCount; from += chunkRows) {
        const count = Math.min(chunkRows, this.rowCount - from);
        chunk.reset();
        chunk.rowCount = count;
        for (let position = 0; position < this.stages.length; position++) {
          this.stages[position]!.writeTo(duckdb.data_chunk_get_vector(chunk.chunk, position), from, count);
        }
        appender.appendDataChunk(chunk);
      }
    } catch (error) {
      // Drop what was buffered so closing cannot fail again and hide the cause; the caller rolls back.
      appender.clear();
      appender.closeSync();
      throw error;
    }
    // Closing flushes the rows into the caller's open transaction.
    appender.closeSync();
  }

  private addMissingStages(): void {
    for (const column of this.table.columns.slice(this.stages.length)) this.stages.push(createStage(column, this.capacity));
  }

  private grow(): void {
    this.capacity *= 2;
    for (const stage of this.stages) stage.grow(this.capacity);
  }
}

function createStage(column: Column, capacity: number): ColumnStage {
  switch (column.type) {
    case 'TIMESTAMP':
      return new TimeStage(capacity);
    case 'DOUBLE':
      return new DoubleStage(capacity);
    case 'BOOLEAN':
      return new BooleanStage(capacity);
    case 'VARCHAR':
      return new VarcharStage(capacity);
  }
}

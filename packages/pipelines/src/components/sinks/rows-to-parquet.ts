import type { PipelineRow } from '@facilflow/contracts';
import { parquetWriteBuffer } from 'hyparquet-writer';

type ParquetColumnType = 'DOUBLE' | 'BOOLEAN' | 'STRING' | 'TIMESTAMP';

// One type per column from its values: all numbers DOUBLE, all booleans BOOLEAN, anything mixed
// STRING; `time` (epoch ms) is a TIMESTAMP so readers show dates. Nulls are allowed everywhere.
function columnType(column: string, rows: readonly PipelineRow[]): ParquetColumnType {
  const kinds = new Set<string>();
  for (const row of rows) {
    const value = row[column];
    if (value !== null && value !== undefined) kinds.add(typeof value);
  }
  if (kinds.size === 1 && kinds.has('number')) return column === 'time' ? 'TIMESTAMP' : 'DOUBLE';
  if (kinds.size === 1 && kinds.has('boolean')) return 'BOOLEAN';
  return 'STRING';
}

export function rowsToParquet(rows: readonly PipelineRow[], columns: readonly string[]): Uint8Array {
  const columnData = columns.map((name) => {
    const type = columnType(name, rows);
    const data = rows.map((row) => {
      const value = row[name];
      if (value === null || value === undefined) return null;
      if (type === 'TIMESTAMP') return new Date(value as number);
      if (type === 'STRING') return String(value);
      return value;
    });
    return { name, type, data, nullable: true };
  });
  return new Uint8Array(parquetWriteBuffer({ columnData }));
}

import type { TelemetryPoint } from '@facilflow/contracts';
import { fieldValueProblem, nameProblem, tagValueProblem, timeProblem } from '../point-check.ts';
import { StagedTable } from './staged-table.ts';
import { addColumnStatements, createTableStatements, Table, type Column, type ColumnRole, type Schema, type ValueType } from './table-schema.ts';

interface NewColumn {
  name: string;
  role: ColumnRole;
  type: ValueType;
}

/**
 * One transaction's worth of points, possibly from several `write` calls (group commit).
 * Each point is checked against the schema and staged column by column, or refused with
 * a reason. New measurements and columns go into the schema at once (later points rely on
 * them) and are recorded here, so the transaction can create them before appending.
 */
export class WriteGroup {
  private readonly staged = new Map<Table, StagedTable>();
  private readonly createdTables = new Set<Table>();
  private readonly addedColumns: Array<[Table, Column]> = [];
  // Scratch space for the point being added, reused to keep the hot loop allocation-free.
  private readonly columns: Column[] = [];
  private readonly values: unknown[] = [];
  private readonly newColumns: NewColumn[] = [];
  private readonly newValues: unknown[] = [];

  constructor(
    private readonly schema: Schema,
    /** The previous group's staged tables, appended already: their buffers are reused. */
    private readonly recycled: ReadonlyMap<Table, StagedTable> = new Map(),
  ) {}

  get rowCount(): number {
    let rows = 0;
    for (const staged of this.staged.values()) rows += staged.rowCount;
    return rows;
  }

  /** Staged rows by table; handed to the next group for reuse once appended. */
  get stagedByTable(): ReadonlyMap<Table, StagedTable> {
    return this.staged;
  }

  /** DDL for the measurements and columns this group introduced; run before appending. */
  schemaChanges(): string[] {
    return [
      ...[...this.createdTables].flatMap((table) => createTableStatements(table)),
      ...this.addedColumns.flatMap(([table, column]) => addColumnStatements(table, column)),
    ];
  }

  /** Stages the point, or returns why it cannot be stored. */
  add(point: TelemetryPoint): string | undefined {
    if (typeof point !== 'object' || point === null) return 'point is not an object';
    const timeIssue = timeProblem(point.t);
    if (timeIssue) return timeIssue;
    const table = this.schema.table(point.m) ?? this.newTable(String(point.m));
    if (typeof table === 'string') return table;

    let count = 0;
    this.newColumns.length = 0;
    const tags = point.tags;
    for (const key in tags) {
      const value = tags[key];
      if (typeof value !== 'string') return tagValueProblem(key, value);
      // An empty tag value means "no such tag", as line protocol has no way to write one.
      if (value === '') continue;
      const column = table.column(key);
      if (column === undefined) {
        const problem = this.planColumn(table, key, 'tag', 'VARCHAR');
        if (problem) return problem;
        this.newValues[this.newColumns.length - 1] = value;
        continue;
      }
      if (column.role !== 'tag') return column.role === 'time' ? nameProblem('tag', key) : `"${key}" is a field of ${table.name}, not a tag`;
      this.columns[count] = column;
      this.values[count++] = value;
    }

    let fields = 0;
    for (const key in point.f) {
      const value = point.f[key];
      const type = valueType(value);
      if (type === undefined) return fieldValueProblem(key, value);
      fields++;
      const column = table.column(key);
      if (column === undefined) {
        const problem = this.planColumn(table, key, 'field', type);
        if (problem) return problem;
        this.newValues[this.newColumns.length - 1] = value;
        continue;
      }
      if (column.role !== 'field') return column.role === 'time' ? nameProblem('field', key) : `"${key}" is a tag of ${table.name}, not a field`;
      if (column.type !== type) {
        return `field "${key}" of ${table.name} holds ${describeType(column.type)} values, got ${describeType(type)}`;
      }
      this.columns[count] = column;
      this.values[count++] = value;
    }
    if (fields === 0) return 'a point needs at least one field';

    // The point is accepted: only now may it change the schema.
    if (this.schema.table(table.name) === undefined) {
      this.schema.register(table);
      this.createdTables.add(table);
    }
    for (let i = 0; i < this.newColumns.length; i++) {
      const spec = this.newColumns[i]!;
      const column = table.add(spec.name, spec.role, spec.type);
      if (!this.createdTables.has(table)) this.addedColumns.push([table, column]);
      this.columns[count] = column;
      this.values[count++] = this.newValues[i];
    }
    this.stagedFor(table).addRow(point.t, this.columns, this.values, count);
    return undefined;
  }

  private newTable(name: string): Table | string {
    const problem = nameProblem('measurement', name);
    if (problem) return problem;
    const clash = this.schema.tableIgnoringCase(name);
    if (clash) return `measurement "${name}" clashes with "${clash.name}": measurement names are not case-sensitive here`;
    return new Table(name);
  }

  /** Records a column the point needs, or returns why it cannot have it. */
  private planColumn(table: Table, name: string, role: ColumnRole, type: ValueType): string | undefined {
    const problem = nameProblem(role, name);
    if (problem) return problem;
    const folded = name.toLowerCase();
    const clash = table.columnIgnoringCase(name)?.name ?? this.newColumns.find((c) => c.name.toLowerCase() === folded)?.name;
    // An exact match can only be this point's own new tag meeting its field of the same name.
    if (clash === name) return `"${name}" is both a tag and a field`;
    if (clash !== undefined) {
      return `${role} "${name}" clashes with "${clash}" in ${table.name}: tag and field names are not case-sensitive here`;
    }
    this.newColumns.push({ name, role, type });
    return undefined;
  }

  private stagedFor(table: Table): StagedTable {
    let staged = this.staged.get(table);
    if (staged === undefined) {
      staged = this.recycled.get(table);
      staged?.reset();
      staged ??= new StagedTable(table);
      this.staged.set(table, staged);
    }
    return staged;
  }
}

function valueType(value: unknown): ValueType | undefined {
  switch (typeof value) {
    case 'number':
      return Number.isFinite(value) ? 'DOUBLE' : undefined;
    case 'boolean':
      return 'BOOLEAN';
    case 'string':
      return 'VARCHAR';
    default:
      return undefined;
  }
}

function describeType(type: Column['type']): string {
  return type === 'DOUBLE' ? 'number' : type === 'BOOLEAN' ? 'boolean' : 'string';
}

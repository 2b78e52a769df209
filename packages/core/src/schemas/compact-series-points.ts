import { MAX_POINTS_PER_BATCH, unstorableTextReason, type FieldValue, type TelemetryPoint } from '@facilflow/contracts';
import { fieldNameProblem, fieldValueProblem, isPlainObject, measurementProblem, NO_FIELD, tagsProblem, timeProblem } from './point-structure.ts';
import { withStorableFieldValues } from './storable-point.ts';

/** A series whose columns line up: what `compactSeriesLayout` lets through. */
interface AlignedSeries {
  raw: Record<string, unknown>;
  times: unknown[];
  columns: Array<[name: string, values: unknown[]]>;
}

/**
 * The layout of a compact batch's `series` (telemetryBatch v2): an array of objects each with
 * a non-empty `times` array and a `fields` object of arrays exactly as long, at most
 * MAX_POINTS_PER_BATCH points in all. A layout that does not hold leaves no way to tell which
 * value belongs to which point, so the whole batch is refused with the reason (a string);
 * otherwise the aligned series and their point count.
 */
export function compactSeriesLayout(value: unknown): { series: AlignedSeries[]; pointCount: number } | string {
  if (!Array.isArray(value)) return 'series must be an array';
  if (value.length === 0) return 'series is empty';
  const series: AlignedSeries[] = [];
  let pointCount = 0;
  for (let index = 0; index < value.length; index++) {
    const raw: unknown = value[index];
    const where = `series[${index}]`;
    if (!isPlainObject(raw)) return `${where} is not an object`;
    const { times, fields } = raw as Record<string, unknown>;
    if (!Array.isArray(times)) return `${where}.times must be an array`;
    if (times.length === 0) return `${where}.times is empty`;
    if (!isPlainObject(fields)) return `${where}.fields must be an object of value arrays`;
    const columns = Object.entries(fields as Record<string, unknown>);
    if (columns.length === 0) return `${where}.fields is empty: a series needs at least one field`;
    for (const [name, values] of columns) {
      if (!Array.isArray(values)) return `${where}.fields.${name} must be an array`;
      if (values.length !== times.length) return `${where}.fields.${name} has ${values.length} values for ${times.length} times`;
    }
    pointCount += times.length;
    if (pointCount > MAX_POINTS_PER_BATCH) return `more than the ${MAX_POINTS_PER_BATCH} points a batch may hold`;
    series.push({ raw: raw as Record<string, unknown>, times, columns: columns as AlignedSeries['columns'] });
  }
  return { series, pointCount };
}

/**
 * Reads the points of aligned series in flattened order (series by series, each in `times`
 * order), calling `visit` with each point, or its problem, and its position. The point rules
 * are v1's: measurement, tags and field names are checked once per series (a problem there is
 * every one of its points' problem), the time and the values once per point; string values
 * are made storable. Positions outside `only` are skipped.
 */
export function readCompactPoints(series: readonly AlignedSeries[], visit: (point: TelemetryPoint | string, position: number) => void, only?: ReadonlySet<number>): void {
  let position = 0;
  for (let index = 0; index < series.length; index++) {
    const { raw, times, columns } = series[index]!;
    const where = `series[${index}]`;
    const problem = seriesProblem(raw, columns, where);
    for (let row = 0; row < times.length; row++, position++) {
      if (only && !only.has(position)) continue;
      visit(problem ?? readRow(raw, times, columns, row, where), position);
    }
  }
}

function seriesProblem(raw: Record<string, unknown>, columns: AlignedSeries['columns'], where: string): string | undefined {
  // Unstorable text first, as for a v1 point: a NUL in a name is reported as such, not as "not a name".
  const unstorable = (path: string, text: string) => {
    const reason = unstorableTextReason(text);
    return reason === null ? undefined : `${where}.${path} ${reason}`;
  };
  if (typeof raw.m === 'string') {
    const found = unstorable('m', raw.m);
    if (found) return found;
  }
  if (isPlainObject(raw.tags)) {
    for (const [key, value] of Object.entries(raw.tags as Record<string, unknown>)) {
      const found = unstorable(`tags key ${JSON.stringify(key)}`, key) ?? (typeof value === 'string' ? unstorable(`tags.${key}`, value) : undefined);
      if (found) return found;
    }
  }
  for (const [name] of columns) {
    const found = unstorable(`fields key ${JSON.stringify(name)}`, name);
    if (found) return found;
  }
  const measurement = measurementProblem(raw.m);
  if (measurement !== undefined) return measurement;
  if (raw.tags !== undefined) {
    const tags = tagsProblem(raw.tags);
    if (tags !== undefined) return tags;
  }
  for (const [name] of columns) {
    const field = fieldNameProblem(name);
    if (field !== undefined) return field;
  }
  return undefined;
}

function readRow(raw: Record<string, unknown>, times: unknown[], columns: AlignedSeries['columns'], row: number, where: string): TelemetryPoint | string {
  const time = times[row];
  const timeFault = timeProblem(`${where}.times[${row}]`, time);
  if (timeFault !== undefined) return timeFault;
  const fields: Record<string, FieldValue> = {};
  let count = 0;
  for (const [name, values] of columns) {
    const value = values[row];
    if (value === null) continue;
    const valueFault = fieldValueProblem(name, value);
    if (valueFault !== undefined) return valueFault;
    // A field named `__proto__` is a field, as in a v1 point parsed from JSON, not the object's prototype.
    if (name === '__proto__') Object.defineProperty(fields, name, { value, enumerable: true, writable: true, configurable: true });
    else fields[name] = value as FieldValue;
    count++;
  }
  if (count === 0) return NO_FIELD;
  // The series' tag object is shared by its points: nothing downstream changes a point's tags.
  const tags = (raw.tags ?? EMPTY_TAGS) as Record<string, string>;
  return withStorableFieldValues({ m: raw.m as string, tags, f: fields, t: time as number });
}

const EMPTY_TAGS: Record<string, string> = Object.freeze({}) as Record<string, string>;

import { FacilFlowError } from '@facilflow/contracts';
import { withheldColumnError, type WithheldColumn } from '../withheld-columns.ts';

/**
 * InfluxDB 3 has no view this process could shadow a table with, and no DataFusion parser
 * runs here, so withholding is conservative: a query that names a withheld field anywhere
 * (outside string literals, as a bare or quoted name) is refused, and a measurement withheld
 * whole (`*`) may not be named at all. What remains can reach a withheld column only through
 * `*`, whose output columns carry the column names: those are dropped from the result
 * (`dropWithheld`). A name that only happens to equal a withheld field (an alias) is refused too.
 */
export function refuseWithheldNames(sql: string, withheld: readonly WithheldColumn[]): void {
  const withoutStrings = sql.replace(/'(?:[^']|'')*'/g, "''");
  const names = new Set<string>();
  for (const match of withoutStrings.matchAll(/"((?:[^"]|"")*)"|[A-Za-z_][A-Za-z0-9_]*/g)) {
    names.add((match[1] === undefined ? match[0] : match[1].replaceAll('""', '"')).toLowerCase());
  }
  for (const column of withheld) {
    if (column.field === '*') {
      if (names.has(column.measurement.toLowerCase())) {
        throw new FacilFlowError('FORBIDDEN', `Measurement ${column.measurement} is ${column.reason}`, { measurement: column.measurement });
      }
    } else if (names.has(column.field.toLowerCase())) {
      throw withheldColumnError(column, column.field);
    }
  }
}

/** The names of a row that a `*` brought back although withheld. */
export function withheldOutputNames(withheld: readonly WithheldColumn[]): ReadonlySet<string> {
  return new Set(withheld.filter((column) => column.field !== '*').map((column) => column.field.toLowerCase()));
}

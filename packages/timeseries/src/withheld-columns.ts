import { FacilFlowError } from '@facilflow/contracts';

/**
 * A field a query's caller may not see (data classification): the store answers the query as
 * if the column did not exist. `field` "*" stands for every field of the measurement (never
 * its time or tags). `reason` is what a refusal says, e.g. "classified confidential: engineer
 * or above".
 */
export interface WithheldColumn {
  measurement: string;
  field: string;
  reason: string;
}

/** DuckDB and DataFusion fold identifier case differently; withholding errs on the side of the case-folded match. */
export function withheldMatcher(withheld: readonly WithheldColumn[]) {
  const byMeasurement = new Map<string, WithheldColumn[]>();
  for (const column of withheld) {
    const key = column.measurement.toLowerCase();
    byMeasurement.set(key, [...(byMeasurement.get(key) ?? []), column]);
  }
  return {
    measurements: (): string[] => [...byMeasurement.keys()],
    /** The entry that withholds this column of this measurement, if one does. */
    of(measurement: string, field: string): WithheldColumn | undefined {
      const entries = byMeasurement.get(measurement.toLowerCase()) ?? [];
      return entries.find((entry) => entry.field.toLowerCase() === field.toLowerCase()) ?? entries.find((entry) => entry.field === '*');
    },
  };
}

/** The refusal for a query naming a withheld column explicitly. */
export function withheldColumnError(column: WithheldColumn, field: string): FacilFlowError {
  return new FacilFlowError('FORBIDDEN', `Column ${column.measurement}.${field} is ${column.reason}: leave it out of the query (SELECT * omits it)`, {
    measurement: column.measurement,
    field,
  });
}

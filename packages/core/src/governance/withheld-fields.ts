import { roleMeets, WHOLE_MEASUREMENT, type Role, type WithheldField } from '@facilflow/contracts';
import type { WithheldColumn } from '@facilflow/timeseries';
import type { Services } from '../services.ts';
import { readClassifications } from './classifications.ts';

/**
 * What the caller's role may not see: each classified field (or whole measurement, field "*")
 * whose label needs a higher role. A field is withheld by its own label or by its measurement's.
 */
export async function withheldFieldsFor(services: Services, scope: { tenantId: string; role: Role }): Promise<WithheldField[]> {
  const { classifications, labelMinRoles } = await services.db.withTenant(scope.tenantId, (tx) => readClassifications(tx, scope.tenantId));
  return classifications
    .map((entry) => ({ ...entry, minRole: labelMinRoles[entry.label] }))
    .filter((entry) => !roleMeets(scope.role, entry.minRole));
}

/** The entry withholding this field, by its own label or its measurement's: the stricter of the two applies. */
export function withholdingEntry(withheld: readonly WithheldField[], measurement: string, field: string): WithheldField | undefined {
  const m = measurement.toLowerCase();
  const f = field.toLowerCase();
  return withheld.find((entry) => entry.measurement.toLowerCase() === m && (entry.field === WHOLE_MEASUREMENT || entry.field.toLowerCase() === f));
}

/** What the store is told to leave out of a query, with the reason a refusal names. */
export function withheldColumns(withheld: readonly WithheldField[]): WithheldColumn[] {
  return withheld.map((entry) => ({
    measurement: entry.measurement,
    field: entry.field,
    reason: `classified ${entry.label} (${entry.minRole} or above may see it)`,
  }));
}

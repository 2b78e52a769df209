import { FacilFlowError } from '@facilflow/contracts';

/** Measurement, tag and field names: the same rule as the telemetry contract. */
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Tenant ids become file and database names, so they are held to lowercase letters,
 * digits and underscores: nothing that can climb out of a directory or need quoting.
 */
const TENANT_ID = /^[a-z0-9_]{1,64}$/;

/** The timestamp column of every measurement; no tag or field may take its name. */
export const TIME_COLUMN = 'time';

export function isIdentifier(name: string): boolean {
  return IDENTIFIER.test(name);
}

/** Quotes a name for SQL; names are identifiers already, quoting also keeps their case. */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export function quoteLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

export function assertTenantId(tenantId: string): void {
  if (typeof tenantId !== 'string' || !TENANT_ID.test(tenantId)) {
    throw new FacilFlowError('INVALID', 'Tenant id must be 1-64 lowercase letters, digits or underscores');
  }
}

import { randomBytes } from 'node:crypto';
import { FacilFlowError, isFacilFlowError } from '@facilflow/contracts';
import { ZodError } from 'zod';
import { driverErrorFacts, type DriverErrorFacts } from './driver-error-facts.ts';
import { formatErrorForLog } from './log-safe-error.ts';

const UNIQUE_VIOLATION = '23505';
// Scope columns every tenant-owned key starts with; naming them would only confuse.
const SCOPE_COLUMNS = new Set(['tenant_id']);

/** The column(s) a unique violation is about, from the driver's key detail or else the constraint's name. */
function conflictingFields(facts: DriverErrorFacts): string[] {
  const fromKey = facts.keyColumns.filter((column) => !SCOPE_COLUMNS.has(column));
  if (fromKey.length > 0) return fromKey;
  const name = facts.constraint ?? '';
  const withoutTable = facts.table && name.startsWith(`${facts.table}_`) ? name.slice(facts.table.length + 1) : name;
  if (withoutTable === 'pkey') return ['id'];
  const bare = withoutTable.replace(/_(unique|key|idx)$/, '').replace(/^tenant_/, '');
  return bare ? [bare] : [];
}

function conflict(facts: DriverErrorFacts): FacilFlowError {
  const fields = conflictingFields(facts);
  const subject = fields.length > 0 ? fields.join(' and ') : 'value';
  const where = facts.table ? ` among ${facts.table.replace(/_/g, ' ')}` : '';
  return new FacilFlowError('CONFLICT', `This ${subject} already exists${where}: choose another`, { fields });
}

/** Every failure leaves the runtime as a FacilFlowError; unknown ones are logged safely, never shown. */
export function toFacilFlowError(error: unknown, operation: string): FacilFlowError {
  if (isFacilFlowError(error)) return error;
  if (error instanceof ZodError) {
    return new FacilFlowError('INVALID', 'Input does not match the operation schema', {
      issues: error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    });
  }
  const facts = driverErrorFacts(error);
  if (facts.sqlstate === UNIQUE_VIOLATION) return conflict(facts);
  return internalError(error, operation);
}

/** An INTERNAL answer carrying only a reference; the log line under that reference says what happened. */
export function internalError(error: unknown, operation: string, code: 'INTERNAL' | 'UNAVAILABLE' = 'INTERNAL', said = 'Internal error'): FacilFlowError {
  const ref = randomBytes(4).toString('hex');
  console.error(`[operations] ${operation} failed (ref ${ref}): ${formatErrorForLog(error)}`);
  return new FacilFlowError(code, `${said} (ref ${ref})`, { ref });
}

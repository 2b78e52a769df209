import { FacilFlowError } from '@facilflow/contracts';
import { isIdentifier } from './identifiers.ts';
import type { QueryLimits, QueryOptions } from './time-series-store.ts';

export function checkQueryOptions(options: QueryOptions): void {
  if (!Number.isSafeInteger(options.maxRows) || options.maxRows < 1) {
    throw new FacilFlowError('INVALID', 'maxRows must be a positive integer');
  }
  if (!Number.isFinite(options.timeoutMs) || options.timeoutMs <= 0) {
    throw new FacilFlowError('INVALID', 'timeoutMs must be a positive number of milliseconds');
  }
  for (const name of Object.keys(options.params ?? {})) {
    if (!isIdentifier(name)) {
      throw new FacilFlowError('INVALID', `Query parameter name "${name}" is not valid: use letters, digits and underscores`);
    }
  }
}

export function checkQueryLimits(limits: QueryLimits): void {
  if (!Number.isSafeInteger(limits.maxResultBytes) || limits.maxResultBytes < 1024) {
    throw new FacilFlowError('INVALID', 'maxResultBytes must be an integer of at least 1024');
  }
}

export function timeLimitError(timeoutMs: number): FacilFlowError {
  return new FacilFlowError(
    'INVALID',
    `Query cancelled: it ran longer than the ${timeoutMs} ms time limit. Narrow the time range or aggregate into larger buckets.`,
    { limit: 'time', timeoutMs },
  );
}

/** The caller went away (a closed request, its own deadline): its reason when it gave one we can show. */
export function cancelledError(reason: unknown): FacilFlowError {
  if (reason instanceof FacilFlowError) return reason;
  return new FacilFlowError('UNAVAILABLE', 'Query cancelled: the request was closed before the query finished', { cancelled: true });
}

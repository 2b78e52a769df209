import { FacilFlowError } from '@facilflow/contracts';
import type { BatchKey } from './time-series-store.ts';

const MAX_SOURCE_LENGTH = 128;

/** Refuses a key the ledger could not hold exactly (a store must not trust its caller). */
export function assertBatchKey(key: BatchKey): void {
  if (typeof key !== 'object' || key === null) throw new FacilFlowError('INVALID', 'batch must be { source, seq }');
  if (typeof key.source !== 'string' || key.source.length === 0 || key.source.length > MAX_SOURCE_LENGTH) {
    throw new FacilFlowError('INVALID', `batch source must be 1-${MAX_SOURCE_LENGTH} characters`);
  }
  if (!Number.isSafeInteger(key.seq) || key.seq < 0) throw new FacilFlowError('INVALID', 'batch seq must be a non-negative integer');
}

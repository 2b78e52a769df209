import { FacilFlowError } from '@facilflow/contracts';

/**
 * A write refused whole because it would take the tenant's stored data past its quota.
 * Not transient: sending the same points again is refused again until data is removed or
 * the quota raised, so ingest dead-letters them instead of retrying.
 */
export class StorageQuotaExceededError extends FacilFlowError {
  constructor(
    readonly tenantId: string,
    readonly usedBytes: number,
    readonly writeBytes: number,
    readonly limitBytes: number,
  ) {
    super(
      'FORBIDDEN',
      `tenant storage quota exceeded: the tenant stores ${usedBytes} bytes, this write needs about ${writeBytes} more ` +
        `and the limit is ${limitBytes} bytes`,
      { quota: 'storage', usedBytes, writeBytes, limitBytes },
    );
    this.name = 'StorageQuotaExceededError';
  }
}

export function isStorageQuotaExceeded(error: unknown): error is StorageQuotaExceededError {
  return error instanceof StorageQuotaExceededError;
}

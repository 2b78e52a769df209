import type { ErrorCode } from './error-codes.ts';

/** The one error type every layer throws and every front maps. */
export class FacilFlowError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'FacilFlowError';
  }
}

export function isFacilFlowError(e: unknown): e is FacilFlowError {
  return e instanceof FacilFlowError;
}

import { FacilFlowError, isFacilFlowError } from '@facilflow/contracts';
import { ZodError } from 'zod';

/** Every failure leaves the runtime as a FacilFlowError; unknown ones are logged, never shown. */
export function toFacilFlowError(error: unknown, operation: string): FacilFlowError {
  if (isFacilFlowError(error)) return error;
  if (error instanceof ZodError) {
    return new FacilFlowError('INVALID', 'Input does not match the operation schema', {
      issues: error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    });
  }
  const ref = Math.random().toString(36).slice(2, 10);
  console.error(`[operations] ${operation} failed (ref ${ref}):`, error);
  return new FacilFlowError('INTERNAL', `Internal error (ref ${ref})`);
}

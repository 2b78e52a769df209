import type { ErrorCode } from '@facilflow/contracts';
import type { TRPC_ERROR_CODE_KEY } from '@trpc/server';

export const TRPC_CODE: Record<ErrorCode, TRPC_ERROR_CODE_KEY> = {
  UNAUTHENTICATED: 'UNAUTHORIZED',
  NOT_FOUND: 'NOT_FOUND',
  FORBIDDEN: 'FORBIDDEN',
  INVALID: 'BAD_REQUEST',
  CONFLICT: 'CONFLICT',
  // The web app reads data.ffCode and data.details to show the plan and send the token back.
  NEEDS_CONFIRMATION: 'PRECONDITION_FAILED',
  // Only model-facing fronts answer it; a person's approval is the precondition.
  PENDING_APPROVAL: 'PRECONDITION_FAILED',
  RATE_LIMITED: 'TOO_MANY_REQUESTS',
  UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  INTERNAL: 'INTERNAL_SERVER_ERROR',
};

import type { ErrorCode } from './error-codes.ts';

/** The HTTP status of each error code: the REST endpoints' JSON errors and the web app's form answers. */
export const HTTP_STATUS_OF: Record<ErrorCode, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  INVALID: 400,
  CONFLICT: 409,
  NEEDS_CONFIRMATION: 428,
  PENDING_APPROVAL: 428,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
  INTERNAL: 500,
};

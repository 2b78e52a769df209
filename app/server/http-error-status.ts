import type { ErrorCode } from '@facilflow/contracts';

/** The HTTP status each FacilFlowError code is answered with by the plain REST endpoints. */
export const HTTP_STATUS: Record<ErrorCode, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  INVALID: 400,
  CONFLICT: 409,
  NEEDS_CONFIRMATION: 428,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
  INTERNAL: 500,
};

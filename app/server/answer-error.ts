import { HTTP_STATUS_OF, type FacilFlowError } from '@facilflow/contracts';
import type { Response } from 'express';

/**
 * A registry refusal as the REST endpoints answer it: its status, `{ code, message, ...details }`,
 * `Retry-After` when rate limited, and `WWW-Authenticate` where the endpoint takes a bearer.
 */
export function answerError(res: Response, error: FacilFlowError, options: { bearerRealm?: boolean } = {}): void {
  const retryAfter = error.details?.retryAfterSeconds;
  if (error.code === 'RATE_LIMITED' && typeof retryAfter === 'number') res.set('Retry-After', String(retryAfter));
  if (options.bearerRealm && error.code === 'UNAUTHENTICATED') res.set('WWW-Authenticate', 'Bearer');
  res.status(HTTP_STATUS_OF[error.code]).json({ code: error.code, message: error.message, ...(error.details ?? {}) });
}

import { HTTP_STATUS_OF, isFacilFlowError, FacilFlowError } from '@facilflow/contracts';

/** What the REST front sends back, independent of the HTTP server that sends it. */
export interface RestAnswer {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/** The body of every refusal: the FacilFlow code, a message a person can act on, and the code's details. */
export interface RestErrorBody {
  error: { code: string; message: string; details: Record<string, unknown> | null };
}

/**
 * A refusal with its status: `Retry-After` when rate limited, and the RFC 6750 challenge
 * when the credential is missing (no error code) or refused (`invalid_token`).
 */
export function restErrorAnswer(e: unknown, options: { credentialPresented?: boolean } = {}): RestAnswer {
  const error = isFacilFlowError(e) ? e : new FacilFlowError('INTERNAL', 'Internal error');
  const headers: Record<string, string> = {};
  const retryAfter = error.details?.retryAfterSeconds;
  if (error.code === 'RATE_LIMITED' && typeof retryAfter === 'number') headers['Retry-After'] = String(retryAfter);
  if (error.code === 'UNAUTHENTICATED') {
    headers['WWW-Authenticate'] = options.credentialPresented ? 'Bearer realm="facilflow", error="invalid_token"' : 'Bearer realm="facilflow"';
  }
  const body: RestErrorBody = { error: { code: error.code, message: error.message, details: error.details ?? null } };
  return { status: HTTP_STATUS_OF[error.code], headers, body };
}

/** A body or query input refused on its size or shape (413 or 400), before any operation sees it. */
export function restInputRefusalAnswer(refusal: { status: number; limit: string; message: string }): RestAnswer {
  const body: RestErrorBody = { error: { code: 'INVALID', message: refusal.message, details: { limit: refusal.limit } } };
  return { status: refusal.status, headers: {}, body };
}

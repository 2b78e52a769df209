/**
 * Where secrets travel in what FacilFlow logs: the request's headers (a bearer is an API key
 * or an ID token, the cookie a session), operation inputs and refusals (a destructive
 * operation's confirmation token is issued in a refusal's details and comes back in the
 * next input), and stored credentials' hashes. pino's paths match one level per `*`, so the
 * names are listed at each depth a log line puts them.
 */
const SECRET_FIELDS = ['apiKey', 'token', 'password', 'secret', 'tokenHash', 'confirmationToken', 'idToken', 'refreshToken'] as const;

const HEADER_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  'authorization',
];

export const REDACTED_LOG_PATHS: readonly string[] = [
  ...HEADER_PATHS,
  ...SECRET_FIELDS.flatMap((field) => [field, `*.${field}`, `*.*.${field}`, `*.*.*.${field}`]),
];

export const REDACTION_CENSOR = '[redacted]';

import { carriesStatement, driverErrorFacts } from './driver-error-facts.ts';

const MAX_MESSAGE = 300;
// Credentials this platform issues (ffk_ API keys, ffe_ enrolment tokens) and anything shaped
// like a hash or a random secret: long runs of hex or base64url.
const SECRET_LIKE = /\bff[a-z]_[A-Za-z0-9_-]+|\b[A-Fa-f0-9]{32,}\b|[A-Za-z0-9_-]{40,}/g;

/** One line of a message, without a statement's parameters or anything shaped like a secret. */
function scrub(message: string): string {
  const firstLine = message.split(/\r?\n/, 1)[0] ?? '';
  const withoutParams = firstLine.replace(/\bparams:.*$/i, '');
  const clean = withoutParams.replace(SECRET_LIKE, '[redacted]').trim();
  return clean.length > MAX_MESSAGE ? `${clean.slice(0, MAX_MESSAGE)}…` : clean;
}

function firstFrame(error: unknown): string | null {
  if (!(error instanceof Error) || typeof error.stack !== 'string') return null;
  const frame = error.stack.split('\n').find((line) => line.trimStart().startsWith('at '));
  return frame ? frame.trim() : null;
}

/**
 * The one way an unexpected error is written to a log, for every front: a single line with the
 * error classes along its cause chain, the driver's SQLSTATE and message when a database was
 * involved, and where it was thrown. Never the SQL statement, its parameters, a DETAIL line
 * (it quotes row values such as token hashes) or a full stack.
 */
export function formatErrorForLog(error: unknown): string {
  const facts = driverErrorFacts(error);
  const classes = facts.classes.length > 0 ? facts.classes.join(' < ') : typeof error;
  if (facts.sqlstate !== null) {
    const names = [facts.table && `table ${facts.table}`, facts.constraint && `constraint ${facts.constraint}`].filter(Boolean).join(', ');
    return `${classes} [SQLSTATE ${facts.sqlstate}] ${scrub(facts.message ?? '(no message)')}${names ? ` (${names})` : ''}`;
  }
  const explained = firstExplainingError(error);
  if (explained) {
    const frame = firstFrame(explained);
    return `${classes}: ${scrub(explained.message)}${frame ? ` ${frame}` : ''}`;
  }
  if (error instanceof Error) return `${classes}: (statement withheld)`;
  let text: string;
  try {
    text = String(error);
  } catch {
    text = '(unprintable)';
  }
  return `${classes}: ${scrub(text)}`;
}

/** The outermost error on the cause chain whose message is not a statement with its parameters. */
function firstExplainingError(error: unknown): Error | null {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current instanceof Error; depth++) {
    if (!carriesStatement(current)) return current;
    current = current.cause;
  }
  return null;
}

export const UNIQUE_VIOLATION = '23505';
export const FOREIGN_KEY_VIOLATION = '23503';

/**
 * PGlite and postgres.js both put the SQLSTATE on `code`; drizzle wraps driver errors
 * and keeps the original as `cause`, so the chain is searched (to a bounded depth,
 * in case a cause ever points back at itself).
 */
export function hasPgCode(error: unknown, code: string): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && typeof current === 'object' && current !== null; depth++) {
    if ('code' in current && current.code === code) return true;
    current = 'cause' in current ? current.cause : undefined;
  }
  return false;
}

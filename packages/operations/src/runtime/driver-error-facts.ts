/**
 * The parts of a database driver error that are safe to act on and to log: SQLSTATE, the
 * server's message and the names of what it concerns. Never the statement, its parameters or
 * the DETAIL text's values (a DETAIL line quotes the offending row, which may be a token hash).
 *
 * drizzle wraps driver errors in a DrizzleQueryError (message: statement and `params:`) and
 * keeps the driver's as `cause`; PGlite's DatabaseError names fields `constraint`, `table`,
 * postgres.js's PostgresError `constraint_name`, `table_name`. Both carry `code` and `detail`.
 */
export interface DriverErrorFacts {
  /** Class names along the cause chain, outermost first. */
  classes: string[];
  sqlstate: string | null;
  /** The server's one-line message, e.g. `duplicate key value violates unique constraint "…"`. */
  message: string | null;
  constraint: string | null;
  table: string | null;
  /** Column names from a `Key (a, b)=(…)` detail, without the values. */
  keyColumns: string[];
}

const SQLSTATE = /^[0-9A-Z]{5}$/;
const MAX_CAUSES = 8;

function stringField(error: object, ...names: string[]): string | null {
  for (const name of names) {
    const value = (error as Record<string, unknown>)[name];
    if (typeof value === 'string' && value !== '') return value;
  }
  return null;
}

function keyColumnsOf(detail: string | null): string[] {
  const match = detail ? /^Key \((.+?)\)=\(/.exec(detail) : null;
  if (!match) return [];
  // Expression indexes name a column inside a call, e.g. lower(email).
  return (match[1] as string).split(',').map((column) => column.trim().replace(/^\w+\((\w+)\)$/, '$1'));
}

/** PGlite's bundle minifies class names (its DatabaseError is `C`), so a meaningful `name` wins. */
function className(error: object): string {
  const name = stringField(error, 'name');
  if (name && name !== 'Error') return name;
  return error.constructor?.name || name || 'object';
}

/** True for drizzle's wrapper, whose message is the statement and its parameters. */
export function carriesStatement(error: object): boolean {
  return 'query' in error && 'params' in error;
}

export function driverErrorFacts(error: unknown): DriverErrorFacts {
  const facts: DriverErrorFacts = { classes: [], sqlstate: null, message: null, constraint: null, table: null, keyColumns: [] };
  const seen = new Set<unknown>();
  let current: unknown = error;
  for (let depth = 0; depth < MAX_CAUSES && typeof current === 'object' && current !== null && !seen.has(current); depth++) {
    seen.add(current);
    facts.classes.push(className(current));
    const code = stringField(current, 'code');
    if (facts.sqlstate === null && code !== null && SQLSTATE.test(code)) {
      facts.sqlstate = code;
      facts.message = carriesStatement(current) ? null : stringField(current, 'message');
      facts.constraint = stringField(current, 'constraint', 'constraint_name');
      facts.table = stringField(current, 'table', 'table_name');
      facts.keyColumns = keyColumnsOf(stringField(current, 'detail'));
    }
    current = 'cause' in current ? current.cause : undefined;
  }
  return facts;
}

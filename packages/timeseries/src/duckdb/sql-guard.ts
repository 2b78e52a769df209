import type { DuckDBConnection, DuckDBPreparedStatement } from '@duckdb/node-api';
import { FacilFlowError } from '@facilflow/contracts';
import { isIdentifier } from '../identifiers.ts';
import {
  ALLOWED_TABLE_FUNCTIONS,
  deniedFunctionMessage,
  deniedFunctionReason,
  leadingKeyword,
  refusedStatementMessage,
} from '../sql/sql-policy.ts';

/**
 * The read-only guard for tenant SQL on DuckDB. It does not guess at SQL with regular
 * expressions: DuckDB's own parser reads the statement (`json_serialize_sql`, which only
 * serializes SELECT statements) and the guard walks the parse tree, refusing every
 * function and table reference that could leave the tenant's measurements. The instance
 * itself runs with external access disabled and its configuration locked, so the guard
 * is the first wall, not the only one.
 */

/** Unqualified names that resolve to DuckDB's system views (search path: main, system, pg_catalog). */
const SYSTEM_NAME_PREFIXES = ['duckdb_', 'pragma_', 'sqlite_', 'pg_'];
/** The only metadata views a query may read: they list this instance's tables, i.e. the tenant's. */
const INFORMATION_SCHEMA_VIEWS = new Set(['tables', 'columns']);
/** FROM items that only combine or produce rows; BASE_TABLE and TABLE_FUNCTION are checked further. */
const ALLOWED_FROM_KINDS = new Set(['BASE_TABLE', 'TABLE_FUNCTION', 'JOIN', 'SUBQUERY', 'EMPTY', 'EXPRESSION_LIST']);

type JsonObject = Record<string, unknown>;

/**
 * Both parses in one statement, prepared once per connection: a statement run with values
 * through the client costs three trips to DuckDB's thread (split, prepare, execute), this
 * one after its first use costs one. The prepared statement is destroyed with its connection.
 */
const PARSE_BOTH = 'SELECT json_serialize_sql($1::VARCHAR), json_serialize_sql($2::VARCHAR)';
const parsers = new WeakMap<DuckDBConnection, Promise<DuckDBPreparedStatement>>();

/**
 * Checks the tenant's SQL and returns the text to run: the query wrapped as a subquery
 * with `LIMIT maxRows + 1`, so DuckDB stops early and one extra row tells "truncated".
 * The wrapped text is parsed and checked too, so nothing in the tenant's SQL (a comment,
 * a parenthesis) can change what the wrapper means. DuckDB parses both texts in one
 * statement; the checks then run on the tenant's text first, as if parsed one by one.
 */
export async function guardQuery(
  connection: DuckDBConnection,
  sql: string,
  maxRows: number,
  /** Lowercase names of measurements a view shadows for this query (withheld columns): `main.<name>` would reach around it. */
  shadowed: ReadonlySet<string> = new Set(),
): Promise<string> {
  const statement = sql.trim().replace(/[;\s]+$/, '');
  if (statement === '') throw new FacilFlowError('INVALID', 'The query is empty');
  const limited = `SELECT * FROM (\n${statement}\n) AS ff_result LIMIT ${maxRows + 1}`;
  const [statementTree, limitedTree] = await serializeBoth(connection, statement, limited);
  await checkSelect(connection, statement, statementTree, shadowed);
  await checkSelect(connection, limited, limitedTree, shadowed);
  return limited;
}

async function checkSelect(connection: DuckDBConnection, sql: string, serialized: unknown, shadowed: ReadonlySet<string>): Promise<void> {
  const tree = treeOf(serialized);
  if (tree.error === true) {
    if (tree.error_type === 'parser') throw new FacilFlowError('INVALID', `Syntax error: ${String(tree.error_message)}`);
    // The serializer refuses everything but SELECT: DDL, DML, PRAGMA, SET, ATTACH, COPY... or a
    // SELECT followed by another statement, which deserves its own message.
    const keyword = leadingKeyword(sql);
    if (/^(select|with|from)$/i.test(keyword ?? '') && (await statementCount(connection, sql)) > 1) throw singleStatementError();
    throw new FacilFlowError('INVALID', refusedStatementMessage(keyword));
  }
  const statements = Array.isArray(tree.statements) ? tree.statements : [];
  if (statements.length === 0) throw new FacilFlowError('INVALID', 'The query is empty');
  if (statements.length > 1) throw singleStatementError();
  inspect(statements, shadowed);
}

/** The two parse trees as DuckDB serializes them (JSON text). */
async function serializeBoth(connection: DuckDBConnection, statement: string, limited: string): Promise<[unknown, unknown]> {
  let parser = parsers.get(connection);
  if (parser === undefined) {
    parser = connection.prepare(PARSE_BOTH);
    parsers.set(connection, parser);
    // A failed prepare is not kept: the connection's next query tries again.
    parser.catch(() => parsers.delete(connection));
  }
  const prepared = await parser;
  prepared.bindVarchar(1, statement);
  prepared.bindVarchar(2, limited);
  const row = (await prepared.runAndReadAll()).getRows()[0] ?? [];
  return [row[0], row[1]];
}

function treeOf(serialized: unknown): JsonObject {
  const tree = typeof serialized === 'string' ? parseTreeJson(serialized) : undefined;
  if (!isObject(tree)) throw new FacilFlowError('INVALID', 'The query could not be parsed: shorten or simplify it');
  return tree;
}

/** DuckDB cuts a long parser error message mid-character, leaving the serialized tree unreadable: that is a refusal, not a crash. */
function parseTreeJson(serialized: string): unknown {
  try {
    return JSON.parse(serialized);
  } catch {
    return undefined;
  }
}

async function statementCount(connection: DuckDBConnection, sql: string): Promise<number> {
  try {
    return (await connection.extractStatements(sql)).count;
  } catch {
    return 1;
  }
}

function singleStatementError(): FacilFlowError {
  return new FacilFlowError('INVALID', 'Only a single statement is allowed: remove the semicolons between statements');
}

/** Walks every node: expressions, FROM items, CTEs and subqueries at any depth. */
function inspect(node: unknown, shadowed: ReadonlySet<string>): void {
  if (Array.isArray(node)) {
    for (const item of node) inspect(item, shadowed);
    return;
  }
  if (!isObject(node)) return;
  if (typeof node.class === 'string') inspectExpression(node);
  else if (isTableReference(node)) inspectTableReference(node, shadowed);
  for (const value of Object.values(node)) inspect(value, shadowed);
}

function inspectExpression(expression: JsonObject): void {
  if (expression.class !== 'FUNCTION' && expression.class !== 'WINDOW') return;
  if (expression.is_operator === true) return;
  const name = String(expression.function_name);
  if (expression.catalog !== '' && expression.catalog !== undefined) {
    throw new FacilFlowError('INVALID', `Function ${name} may not name a database`);
  }
  if (expression.schema !== '' && expression.schema !== 'main' && expression.schema !== undefined) {
    throw new FacilFlowError('INVALID', `Function ${String(expression.schema)}.${name} is not allowed: call built-in functions unqualified`);
  }
  const reason = deniedFunctionReason(name);
  if (reason) throw new FacilFlowError('INVALID', deniedFunctionMessage(name, reason));
}

/** Table references carry alias and sample; query nodes (SELECT_NODE...) and expressions do not both. */
function isTableReference(node: JsonObject): boolean {
  return typeof node.type === 'string' && 'alias' in node && 'sample' in node && !node.type.endsWith('_NODE');
}

function inspectTableReference(reference: JsonObject, shadowed: ReadonlySet<string>): void {
  const kind = String(reference.type);
  if (kind === 'SHOW_REF') {
    throw new FacilFlowError('INVALID', 'DESCRIBE, SHOW and SUMMARIZE are not allowed: the catalog lists measurements, tags and fields');
  }
  if (!ALLOWED_FROM_KINDS.has(kind)) throw new FacilFlowError('INVALID', `FROM items of kind ${kind} are not supported`);
  if (kind === 'BASE_TABLE') inspectTable(reference, shadowed);
  if (kind === 'TABLE_FUNCTION' && isObject(reference.function)) inspectTableFunction(reference.function);
}

function inspectTable(reference: JsonObject, shadowed: ReadonlySet<string>): void {
  const catalog = String(reference.catalog_name ?? '');
  const schema = String(reference.schema_name ?? '');
  const name = String(reference.table_name);
  if (catalog !== '') {
    throw new FacilFlowError('INVALID', `${catalog}.${schema}.${name}: other databases are not allowed, a query reads only this tenant's measurements`);
  }
  if (!isIdentifier(name)) {
    // A quoted path or URL in FROM is a DuckDB replacement scan: it would read the file.
    throw new FacilFlowError('INVALID', `FROM '${name}' is not allowed: queries cannot read files or URLs`);
  }
  const lower = name.toLowerCase();
  if (schema === 'information_schema' && INFORMATION_SCHEMA_VIEWS.has(lower)) return;
  if (schema === 'main' && shadowed.has(lower)) {
    throw new FacilFlowError('FORBIDDEN', `main.${name}: a measurement with classified fields is read by its name alone (${name}), which leaves out what your role may not see`);
  }
  if (schema !== '' && schema !== 'main') {
    throw new FacilFlowError('INVALID', `${schema}.${name}: schema ${schema} is not allowed (nor other databases); name measurements directly`);
  }
  if (schema === '' && SYSTEM_NAME_PREFIXES.some((prefix) => lower.startsWith(prefix))) {
    throw new FacilFlowError('INVALID', `${name} is a system view and is not allowed; a measurement with that name can be read as main.${name}`);
  }
}

function inspectTableFunction(call: JsonObject): void {
  const name = String(call.function_name);
  const reason = deniedFunctionReason(name);
  if (reason) throw new FacilFlowError('INVALID', deniedFunctionMessage(name, reason));
  if (!ALLOWED_TABLE_FUNCTIONS.has(name.toLowerCase())) {
    throw new FacilFlowError('INVALID', `Table function ${name} is not allowed: only range, generate_series and unnest may appear in FROM`);
  }
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

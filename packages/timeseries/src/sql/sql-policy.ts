/**
 * What a tenant's query may not do, shared by both stores' guards, with the reason shown
 * to the user. Both stores refuse these functions by name before anything runs; the
 * DuckDB instances also run with external access disabled, so a name missing here still
 * cannot reach a file or the network: this list is the first of two walls, not the only one.
 */

const READS_FILES = 'it reads files';
const OTHER_DATABASES = 'it reaches other databases';
const RUNS_SQL_TEXT = 'it runs SQL text the query guard cannot inspect';
const INTERNALS = 'it exposes database internals';
const SETTINGS = 'it exposes server settings or the environment';
const CHANGES_STATE = 'it changes database or session state';
const NETWORK = 'it reaches the network';

const DENIED_NAMES = new Map<string, string>([
  ['read_csv', READS_FILES],
  ['read_csv_auto', READS_FILES],
  ['read_parquet', READS_FILES],
  ['parquet_scan', READS_FILES],
  ['read_json', READS_FILES],
  ['read_json_auto', READS_FILES],
  ['read_json_objects', READS_FILES],
  ['read_json_objects_auto', READS_FILES],
  ['read_ndjson', READS_FILES],
  ['read_ndjson_auto', READS_FILES],
  ['read_ndjson_objects', READS_FILES],
  ['read_text', READS_FILES],
  ['read_blob', READS_FILES],
  ['read_duckdb', READS_FILES],
  ['read_xlsx', READS_FILES],
  ['read_avro', READS_FILES],
  ['sniff_csv', READS_FILES],
  ['glob', READS_FILES],
  ['st_read', READS_FILES],
  ['iceberg_scan', READS_FILES],
  ['delta_scan', READS_FILES],
  ['arrow_scan', READS_FILES],
  ['query', RUNS_SQL_TEXT],
  ['query_table', RUNS_SQL_TEXT],
  ['json_execute_serialized_sql', RUNS_SQL_TEXT],
  ['json_deserialize_sql', RUNS_SQL_TEXT],
  ['json_serialize_plan', INTERNALS],
  ['which_secret', INTERNALS],
  ['test_all_types', INTERNALS],
  ['test_vector_types', INTERNALS],
  ['summary', INTERNALS],
  ['seq_scan', INTERNALS],
  ['sql_auto_complete', INTERNALS],
  ['current_setting', SETTINGS],
  ['getenv', SETTINGS],
  ['getvariable', SETTINGS],
  ['checkpoint', CHANGES_STATE],
  ['force_checkpoint', CHANGES_STATE],
  ['truncate_duckdb_logs', CHANGES_STATE],
  ['write_log', CHANGES_STATE],
  ['setseed', CHANGES_STATE],
  ['nextval', CHANGES_STATE],
]);

const DENIED_PREFIXES: ReadonlyArray<readonly [string, string]> = [
  ['read_', READS_FILES],
  ['parquet_', READS_FILES],
  ['iceberg_', READS_FILES],
  ['delta_', READS_FILES],
  ['duckdb_', INTERNALS],
  ['pragma_', INTERNALS],
  ['sqlite_', OTHER_DATABASES],
  ['postgres_', OTHER_DATABASES],
  ['mysql_', OTHER_DATABASES],
  ['odbc_', OTHER_DATABASES],
  ['http_', NETWORK],
  ['enable_', CHANGES_STATE],
  ['disable_', CHANGES_STATE],
];

/** Why the function may not be called, or undefined when it may. Case-insensitive. */
export function deniedFunctionReason(name: string): string | undefined {
  const lower = name.toLowerCase();
  const exact = DENIED_NAMES.get(lower);
  if (exact) return exact;
  return DENIED_PREFIXES.find(([prefix]) => lower.startsWith(prefix))?.[1];
}

export function deniedFunctionMessage(name: string, reason: string): string {
  return `Function ${name} is not allowed: ${reason}`;
}

/** Table functions either store accepts in FROM: generators over values, never over storage. */
export const ALLOWED_TABLE_FUNCTIONS: ReadonlySet<string> = new Set(['range', 'generate_series', 'unnest']);

/** Statements a guard names in its refusal; anything else is just "not a SELECT". */
export function refusedStatementMessage(keyword: string | undefined): string {
  const named = keyword ? `${keyword.toUpperCase()} statements are not allowed. ` : '';
  return `${named}Only SELECT queries are allowed: a single SELECT (or WITH ... SELECT) statement that reads this tenant's measurements.`;
}

/** The first word of a statement, skipping comments and opening parentheses, for messages. */
export function leadingKeyword(sql: string): string | undefined {
  const stripped = sql.replace(/^(?:\s+|--[^\n]*\n?|\/\*[\s\S]*?\*\/|\()*/, '');
  return /^[A-Za-z]+/.exec(stripped)?.[0];
}

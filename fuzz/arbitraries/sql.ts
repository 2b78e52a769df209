import fc from 'fast-check';
import { nastyString, oversizeString } from './hostile-values.ts';

const STARTS = ['SELECT', 'WITH', 'FROM', '(SELECT', 'SELECT DISTINCT', 'EXPLAIN', 'EXPLAIN ANALYZE', 'PRAGMA', 'ATTACH', 'DETACH', 'COPY', 'INSTALL', 'LOAD', 'SET', 'RESET', 'CALL', 'DESCRIBE', 'SHOW', 'SUMMARIZE', 'INSERT INTO', 'CREATE TABLE', 'CREATE MACRO', 'DROP TABLE', 'UPDATE', 'DELETE FROM', 'EXPORT DATABASE', 'USE', 'VALUES', 'TABLE', ''];

const FUNCTIONS = [
  "read_csv('/etc/passwd')", "read_csv_auto('x.csv')", "read_parquet('s3://b/k')", "read_json_auto('https://example.com/x')", "read_text('/etc/hosts')", "read_blob('/')", "glob('/*')",
  "getenv('HOME')", "current_setting('access_mode')", "query('SELECT 1')", "query_table('oven')", 'duckdb_settings()', 'duckdb_extensions()', "sqlite_scan('x.db','t')", "postgres_scan('','public','t')",
  "load_extension('x')", 'range(1000000000000)', 'range(10)', 'generate_series(1, 5)', 'unnest([1,2,3])', "repeat('x', 1000000000)", "json_serialize_sql('SELECT 1')", 'list_transform([1,2], x -> x + 1)',
  "time_bucket(INTERVAL '1 minute', time)", "date_bin(INTERVAL '1 minute', time)", 'avg(ZoneTemperature1)', 'count(*)', 'main.count_star()', 'system.main.version()', 'pg_catalog.version()', "make_date(99999, 99, 99)",
  "'x'::BLOB", "CAST('1e999' AS DOUBLE)", "9223372036854775807 + 1", "1 / 0", "'\\u0000'", "chr(0)", "regexp_matches(repeat('a', 30), '(a+)+$')", 'lower(NULL)', "current_database()", "uuid()", "now()",
];

const TABLES = [
  'oven', 'main.oven', '"oven"', 'information_schema.tables', 'information_schema.columns', 'information_schema.schemata', 'duckdb_tables()', 'duckdb_tables', 'system.main.duckdb_tables', 'pg_catalog.pg_class',
  "'/etc/passwd'", "'data.csv'", "'https://example.com/x.parquet'", '"x.parquet"', 'sqlite_master', 'other_db.main.t', 'memory.main.oven', 'temp.main.t', 'missing_measurement', '(SELECT 1)', 'oven AS o JOIN oven AS p ON true',
];

const TOKENS = [';', ';;', '--', '/*', '*/', '/* x */', '$$', "'", '"', '`', "E'\\x41'", "U&'\\0041'", '$1', '$name', '$ff', '::', '(', ')', ',', '.', '*', 'AND', 'OR', 'UNION ALL', 'UNION', 'LIMIT', 'OFFSET', 'WHERE', 'GROUP BY', 'ORDER BY', 'HAVING', 'QUALIFY', 'SAMPLE 10%', 'INTO', 'AS', '\u0000', '\uD800', '\n', '\\', '{', '}', '[', ']', '->', '=>', '#'];

const word = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...TOKENS) },
  { weight: 3, arbitrary: fc.constantFrom(...FUNCTIONS) },
  { weight: 3, arbitrary: fc.constantFrom(...TABLES) },
  { weight: 2, arbitrary: fc.constantFrom(...STARTS) },
  { weight: 1, arbitrary: nastyString },
  { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,10}$/) },
);

const templated = fc
  .record({
    start: fc.constantFrom(...STARTS),
    select: fc.array(fc.oneof(fc.constantFrom(...FUNCTIONS), fc.constantFrom('*', 'time', 'machine', 'ZoneTemperature1', '1', 'NULL')), { minLength: 1, maxLength: 3 }),
    table: fc.constantFrom(...TABLES),
    tail: fc.array(word, { maxLength: 6 }),
  })
  .map(({ start, select, table, tail }) => `${start} ${select.join(', ')} FROM ${table} ${tail.join(' ')}`);

const soup = fc.array(word, { minLength: 1, maxLength: 16 }).map((w) => w.join(' '));

const huge = fc.oneof(
  fc.constantFrom(200, 2_000, 20_000).map((n) => `SELECT ${'('.repeat(n)}1${')'.repeat(n)}`),
  fc.constantFrom(1_000, 10_000).map((n) => `SELECT ${Array.from({ length: n }, (_, i) => `c${i}`).join(', ')} FROM oven`),
  fc.constantFrom(500, 5_000).map((n) => `SELECT 1 ${'UNION ALL SELECT 1 '.repeat(n)}`),
  oversizeString.map((s) => `SELECT '${s}'`),
  oversizeString,
);

/** Hostile SQL: statement soup, templated SELECTs reaching for files, settings and system views, and sizes past every limit. */
export const hostileSql: fc.Arbitrary<string> = fc.oneof({ weight: 50, arbitrary: templated }, { weight: 40, arbitrary: soup }, { weight: 3, arbitrary: huge }, { weight: 10, arbitrary: fc.string({ maxLength: 80, unit: 'binary' }) });

/** Parameters as a caller sends them, names and values both hostile sometimes. */
export const sqlParams: fc.Arbitrary<Record<string, string | number | boolean | null>> = fc.dictionary(
  fc.oneof(fc.constantFrom('name', 'ff', '1', '__proto__', 'constructor', ''), nastyString),
  fc.oneof(fc.string({ maxLength: 10 }), fc.double(), fc.boolean(), fc.constant(null), fc.constantFrom(0, '', false, Number.NaN, Infinity)),
  { maxKeys: 3 },
);

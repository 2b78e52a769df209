import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FacilFlowError } from '@facilflow/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDuckDbStore, type TimeSeriesStore } from '../src/index.ts';
import { guardInfluxQuery } from '../src/influxdb3/sql-guard.ts';
import { expectRefusal } from './store.contract.ts';

const QUERY = { maxRows: 100, timeoutMs: 10_000 };
const READS_FILES = /is not allowed: it reads files/;
const NO_FILES_OR_URLS = /queries cannot read files or URLs/;

/** [construct, SQL, expected message] — the same refusals are expected from both guards. */
const REFUSED: Array<[string, string, RegExp]> = [
  ['DDL: CREATE', 'CREATE TABLE stolen AS SELECT * FROM oven', /CREATE statements are not allowed/],
  ['DDL: DROP', 'DROP TABLE oven', /DROP statements are not allowed/],
  ['DDL: ALTER', 'ALTER TABLE oven ADD COLUMN x DOUBLE', /ALTER statements are not allowed/],
  ['DML: INSERT', "INSERT INTO oven (time, v) VALUES (now(), 1)", /INSERT statements are not allowed/],
  ['DML: UPDATE', 'UPDATE oven SET v = 0', /UPDATE statements are not allowed/],
  ['DML: DELETE', 'DELETE FROM oven', /DELETE statements are not allowed/],
  ['PRAGMA', 'PRAGMA database_list', /PRAGMA statements are not allowed/],
  ['SET', "SET enable_external_access = true", /SET statements are not allowed/],
  ['ATTACH', "ATTACH '/tmp/other.duckdb' AS other", /ATTACH statements are not allowed/],
  ['COPY', "COPY oven TO '/tmp/oven.csv'", /COPY statements are not allowed/],
  ['INSTALL', 'INSTALL httpfs', /INSTALL statements are not allowed/],
  ['LOAD', 'LOAD httpfs', /LOAD statements are not allowed/],
  ['EXPORT', "EXPORT DATABASE '/tmp/dump'", /EXPORT statements are not allowed/],
  ['CALL', 'CALL pragma_version()', /CALL statements are not allowed/],
  ['read_csv', "SELECT * FROM read_csv('/etc/passwd')", READS_FILES],
  ['read_parquet in a CTE', "WITH f AS (SELECT * FROM read_parquet('data.parquet')) SELECT * FROM f", READS_FILES],
  ['glob', "SELECT * FROM glob('/etc/*')", READS_FILES],
  ['read_text in a subquery', "SELECT (SELECT content FROM read_text('/etc/hostname')) AS h", READS_FILES],
  ['s3:// URL in FROM', "SELECT * FROM 's3://bucket/data.parquet'", NO_FILES_OR_URLS],
  ['http:// URL in FROM', "SELECT * FROM 'http://example.com/data.csv'", NO_FILES_OR_URLS],
  ["FROM 'file.csv' replacement scan", "SELECT * FROM 'file.csv'", NO_FILES_OR_URLS],
  ['multiple statements', 'SELECT 1; SELECT 2', /Only a single statement is allowed/],
  ['a statement smuggled after a SELECT', 'SELECT * FROM oven; DROP TABLE oven', /single statement|DROP statements/],
  ['another database, three-part name', 'SELECT * FROM t_other.main.oven', /not allowed/],
  ['settings', "SELECT current_setting('threads')", /Function current_setting is not allowed: it exposes server settings/],
  ['SQL text run by a function', "SELECT * FROM query('SELECT 42')", /Function query is not allowed: it runs SQL text/],
];

describe('DuckDB query guard', () => {
  let dir: string;
  let store: TimeSeriesStore;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ff-timeseries-guard-'));
    store = createDuckDbStore({ dir, idleCloseMs: 60_000 });
    await store.write('t_guard', [{ m: 'oven', tags: { machine: 'Oven2' }, f: { v: 1 }, t: Date.UTC(2025, 0, 1) }]);
  });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each(REFUSED)('refuses %s', async (_construct, sql, message) => {
    await expectRefusal(store.query('t_guard', sql, QUERY), 'INVALID', message);
  });

  it.each([
    ['another database, schema-qualified', 'SELECT * FROM t_other.oven', /schema t_other is not allowed/],
    ['a function qualified with another database', 'SELECT other.main.abs(-1)', /may not name a database/],
    ['a table function qualified with another database', 'SELECT * FROM system.main.duckdb_settings()', /Function duckdb_settings is not allowed/],
    ['duckdb_settings()', 'SELECT * FROM duckdb_settings()', /Function duckdb_settings is not allowed: it exposes database internals/],
    ['duckdb_databases()', 'SELECT database_name FROM duckdb_databases()', /Function duckdb_databases is not allowed/],
    ['system views', 'SELECT * FROM duckdb_tables', /duckdb_tables is a system view/],
    ['pg_catalog views', 'SELECT * FROM pg_catalog.pg_settings', /schema pg_catalog is not allowed/],
    ['getenv', "SELECT getenv('HOME')", /Function getenv is not allowed/],
    ['table functions outside the generators', "SELECT * FROM sniff_csv('x.csv')", READS_FILES],
    ['checkpoint()', 'SELECT * FROM checkpoint()', /Function checkpoint is not allowed: it changes database or session state/],
    ['DESCRIBE', 'DESCRIBE oven', /DESCRIBE, SHOW and SUMMARIZE are not allowed/],
    ['SUMMARIZE', 'SUMMARIZE oven', /DESCRIBE, SHOW and SUMMARIZE are not allowed/],
    ['PIVOT statements', 'PIVOT oven ON machine USING sum(v)', /PIVOT statements are not allowed/],
    ['a syntax error', 'SELEC 1', /Syntax error/],
    ['an empty query', ' ; ', /empty/],
    ['an attempt to close the LIMIT wrapper', 'SELECT 1) AS x; DROP TABLE oven; SELECT * FROM (SELECT 1', /Syntax error|single statement/],
  ])('refuses %s', async (_construct, sql, message) => {
    await expectRefusal(store.query('t_guard', sql, QUERY), 'INVALID', message);
  });

  it('refuses a statement whose parse DuckDB cannot even describe (a long run of multi-byte characters) as INVALID, not a crash', async () => {
    await expectRefusal(store.query('t_guard', '\u{1F525}'.repeat(3000), QUERY), 'INVALID', /could not be parsed|not allowed|only|refused/i);
  });

  it('lets ordinary analytical SQL through, comments and trailing semicolons included', async () => {
    for (const sql of [
      "SELECT time_bucket(INTERVAL '1 minute', time) AS minute, avg(v) FROM oven GROUP BY minute -- per minute",
      'WITH recent AS (SELECT * FROM oven) SELECT machine, arg_max(v, time) FROM recent GROUP BY ALL;',
      'SELECT v, avg(v) OVER (PARTITION BY machine ORDER BY time) FROM main.oven',
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'",
      'SELECT range FROM range(3) UNION ALL SELECT unnest([7, 8])',
      "SELECT json_extract('{\"a\": 1}', '$.a'), list_transform([1, 2], x -> x * 2), 'it''s'",
    ]) {
      await expect(store.query('t_guard', sql, QUERY), sql).resolves.toMatchObject({ truncated: false });
    }
    const survived = await store.query('t_guard', 'SELECT count(*) FROM oven', QUERY);
    expect(survived.rows).toEqual([[1]]);
  });
});

describe('InfluxDB 3 query guard (conservative tokenizer)', () => {
  const refuse = (sql: string, message: RegExp) => {
    let caught: unknown;
    try {
      guardInfluxQuery(sql, 100);
    } catch (error) {
      caught = error;
    }
    expect(caught, sql).toBeInstanceOf(FacilFlowError);
    expect((caught as FacilFlowError).code).toBe('INVALID');
    expect((caught as FacilFlowError).message).toMatch(message);
  };

  it.each(REFUSED)('refuses %s', (_construct, sql, message) => refuse(sql, message));

  it.each([
    ['block comments, which it cannot align with the server', 'SELECT 1 /* ; DROP TABLE oven */', /Block comments/],
    ["E'' escape strings", "SELECT E'\\'' ; DROP TABLE oven --'", /escape strings|backslash/i],
    ['a backslash before a quote', "SELECT 'a\\' FROM oven", /backslash before a quote/],
    ['dollar-quoted strings', 'SELECT $$text$$', /Dollar-quoted/],
    ['backtick names', 'SELECT `v` FROM oven', /Backtick/],
    ['keywords used as bare column names', 'SELECT set FROM oven', /"set"/],
    ['system tables', 'SELECT * FROM system.queries', /system tables describe the server/],
    ['settings views', 'SELECT * FROM information_schema.df_settings', /information_schema.df_settings is not allowed/],
    ['SELECT INTO', 'SELECT * INTO copy FROM oven', /INTO statements are not allowed/],
    ['EXPLAIN', 'EXPLAIN SELECT * FROM oven', /EXPLAIN statements are not allowed/],
    ['SHOW', 'SHOW TABLES', /SHOW statements are not allowed/],
    ['unbalanced parentheses', 'SELECT (1 FROM oven', /unbalanced/],
    ['a parameter without a value', 'SELECT * FROM oven WHERE machine = $machine', /\$machine has no value/],
  ])('refuses %s', (_construct, sql, message) => refuse(sql, message));

  it('wraps the query with the row limit and passes parameters, inlining the values the client would drop', () => {
    const guarded = guardInfluxQuery(
      'SELECT date_bin(INTERVAL \'1 minute\', time) AS time, avg("ZoneTemperature1") FROM oven WHERE machine = $machine AND count > $zero AND ok = $no -- note\n;',
      10,
      { machine: 'Oven2', zero: 0, no: false },
    );
    expect(guarded.sql).toBe(
      'SELECT * FROM (\nSELECT date_bin(INTERVAL \'1 minute\', time) AS time, avg("ZoneTemperature1") FROM oven WHERE machine = $machine AND count > 0 AND ok = false -- note\n) AS ff_result LIMIT 11',
    );
    expect(guarded.params).toEqual({ machine: 'Oven2' });
  });

  it('accepts quoted names that look like keywords and the information_schema views', () => {
    expect(() => guardInfluxQuery('SELECT "set", "update" FROM oven', 10)).not.toThrow();
    expect(() => guardInfluxQuery("SELECT table_name FROM information_schema.tables WHERE table_schema = 'iox'", 10)).not.toThrow();
    expect(() => guardInfluxQuery("SELECT * FROM oven WHERE note = 'DROP TABLE oven; --'", 10)).not.toThrow();
  });
});

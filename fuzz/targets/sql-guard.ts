import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import fc from 'fast-check';
import { guardQuery } from '../../packages/timeseries/src/duckdb/sql-guard.ts';
import { guardInfluxQuery } from '../../packages/timeseries/src/influxdb3/sql-guard.ts';
import { hostileSql, sqlParams } from '../arbitraries/sql.ts';
import { withDeadline } from '../deadline.ts';
import { describeInput } from '../describe.ts';
import { outcomeOfError, type Outcome } from '../outcome.ts';
import type { Target } from '../target.ts';
import type { World } from '../world.ts';

export interface SqlCase {
  guard: 'duckdb' | 'influxdb3' | 'duckdb-store';
  sql: string;
  maxRows: number;
  params: Record<string, string | number | boolean | null>;
}

const SUBJECTS: Record<SqlCase['guard'], string> = { duckdb: 'duckdb guardQuery', influxdb3: 'influxdb3 guardInfluxQuery', 'duckdb-store': 'duckdb store query' };

/**
 * Both dialects' read-only guards, called directly (DuckDB's parses with a DuckDB of its
 * own, as the store's does), and a share through the real store so what the guard lets
 * through also runs. Allowed or refused with INVALID are both fine; any other error type
 * is a finding.
 */
export async function sqlGuardTarget(world: World): Promise<Target<SqlCase> & { close(): void }> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection: DuckDBConnection = await instance.connect();
  const arbitrary = fc.record({
    guard: fc.oneof({ weight: 4, arbitrary: fc.constant('duckdb' as const) }, { weight: 4, arbitrary: fc.constant('influxdb3' as const) }, { weight: 1, arbitrary: fc.constant('duckdb-store' as const) }),
    sql: hostileSql,
    maxRows: fc.oneof({ weight: 9, arbitrary: fc.integer({ min: 1, max: 10_000 }) }, { weight: 1, arbitrary: fc.constantFrom(0, -1, 2 ** 53, Number.NaN) }),
    params: sqlParams,
  });
  const run = async (c: SqlCase): Promise<unknown> => {
    if (c.guard === 'duckdb') return guardQuery(connection, c.sql, c.maxRows);
    if (c.guard === 'influxdb3') return guardInfluxQuery(c.sql, c.maxRows, c.params);
    return world.t.platform.services.timeseries.query(world.tenantA, c.sql, { maxRows: c.maxRows, timeoutMs: 500, params: c.params });
  };
  return {
    name: 'sql-guard',
    arbitrary,
    subject: (c) => SUBJECTS[c.guard],
    describe: (c) => `maxRows ${c.maxRows}, params ${describeInput(c.params, 60)}: ${describeInput(c.sql)}`,
    async execute(c): Promise<Outcome> {
      const settled = await withDeadline(run(c).then(() => ({ kind: 'ok' }) as Outcome, (error: unknown) => outcomeOfError(error)));
      return settled.settled ? settled.value : { kind: 'hung' };
    },
    close: () => {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

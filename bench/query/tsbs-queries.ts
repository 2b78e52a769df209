import { CPU_FIELDS } from '../lib/tsbs-cpu.ts';

/** One query instance in both dialects: DuckDB SQL for FacilFlow, InfluxQL for InfluxDB 1.6. */
export interface QueryPair {
  sql: string;
  influxql: string;
}

export interface DataSpan {
  hosts: number;
  startMs: number;
  endMs: number;
}

export interface QueryType {
  name: string;
  make(random: () => number, span: DataSpan): QueryPair;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const sqlTime = (ms: number) => `TIMESTAMP '${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')}'`;
const influxTime = (ms: number) => `'${new Date(ms).toISOString().slice(0, 19)}Z'`;

/** A window of this length inside the data, starting on a whole minute. */
function window(random: () => number, span: DataSpan, length: number): [number, number] {
  const start = span.startMs + Math.floor((random() * (span.endMs - span.startMs - length)) / MINUTE) * MINUTE;
  return [start, start + length];
}

function hosts(random: () => number, span: DataSpan, count: number): string[] {
  const chosen = new Set<string>();
  while (chosen.size < count) chosen.add(`host_${Math.floor(random() * span.hosts)}`);
  return [...chosen];
}

const sqlHosts = (names: string[]) => (names.length === 1 ? `hostname = '${names[0]}'` : `hostname IN (${names.map((h) => `'${h}'`).join(', ')})`);
const influxHosts = (names: string[]) => `(${names.map((h) => `hostname = '${h}'`).join(' OR ')})`;

/** max() of some metrics for some hosts over a window, bucketed: the single-groupby and cpu-max-all families. */
function maxByTime(metrics: number, hostCount: number, length: number, bucket: '1 minute' | '1 hour'): QueryType['make'] {
  return (random, span) => {
    const names = hosts(random, span, hostCount);
    const [start, end] = window(random, span, length);
    const fields = CPU_FIELDS.slice(0, metrics);
    return {
      sql:
        `SELECT time_bucket(INTERVAL '${bucket}', time) AS bucket, ${fields.map((f) => `max(${f}) AS max_${f}`).join(', ')} FROM cpu ` +
        `WHERE ${sqlHosts(names)} AND time >= ${sqlTime(start)} AND time < ${sqlTime(end)} GROUP BY bucket ORDER BY bucket`,
      influxql:
        `SELECT ${fields.map((f) => `max(${f})`).join(', ')} FROM cpu ` +
        `WHERE ${influxHosts(names)} AND time >= ${influxTime(start)} AND time < ${influxTime(end)} GROUP BY time(${bucket === '1 minute' ? '1m' : '1h'})`,
    };
  };
}

/** The TSBS cpu-only query types (github.com/timescale/tsbs, docs of the cpu-only use case), written from their definitions. */
export const QUERY_TYPES: QueryType[] = [
  { name: 'single-groupby-1-1-1', make: maxByTime(1, 1, HOUR, '1 minute') },
  { name: 'single-groupby-5-8-1', make: maxByTime(5, 8, HOUR, '1 minute') },
  { name: 'cpu-max-all-8', make: maxByTime(10, 8, 8 * HOUR, '1 hour') },
  {
    name: 'high-cpu-1',
    make(random, span) {
      const [name] = hosts(random, span, 1);
      const [start, end] = window(random, span, 12 * HOUR);
      return {
        sql: `SELECT * FROM cpu WHERE usage_user > 90.0 AND hostname = '${name}' AND time >= ${sqlTime(start)} AND time < ${sqlTime(end)} ORDER BY time`,
        influxql: `SELECT * FROM cpu WHERE usage_user > 90.0 AND hostname = '${name}' AND time >= ${influxTime(start)} AND time < ${influxTime(end)}`,
      };
    },
  },
  {
    name: 'double-groupby-1',
    make(random, span) {
      const [start, end] = window(random, span, 12 * HOUR);
      return {
        sql:
          `SELECT time_bucket(INTERVAL '1 hour', time) AS hour, hostname, avg(usage_user) AS mean_usage_user FROM cpu ` +
          `WHERE time >= ${sqlTime(start)} AND time < ${sqlTime(end)} GROUP BY hour, hostname ORDER BY hour, hostname`,
        influxql: `SELECT mean(usage_user) FROM cpu WHERE time >= ${influxTime(start)} AND time < ${influxTime(end)} GROUP BY time(1h), hostname`,
      };
    },
  },
  {
    name: 'lastpoint',
    make() {
      return {
        // The last time per host, then those rows: DuckDB carries only two columns through the grouping, and the join's
        // time filter skips row groups. Ten arg_max() aggregates (the first form tried) took 1.4 s on the full data, this 85 ms.
        sql: 'SELECT cpu.* FROM cpu JOIN (SELECT hostname, max(time) AS last FROM cpu GROUP BY hostname) AS latest ON cpu.hostname = latest.hostname AND cpu.time = latest.last',
        influxql: 'SELECT last(*) FROM cpu GROUP BY hostname',
      };
    },
  },
  {
    name: 'groupby-orderby-limit',
    make(random, span) {
      // TSBS leaves the start open; both sides get the same 5-minute lower bound, which is all that LIMIT 5 can return.
      const end = span.startMs + 5 * MINUTE + Math.floor((random() * (span.endMs - span.startMs - 5 * MINUTE)) / 1000) * 1000;
      const start = end - 5 * MINUTE;
      return {
        sql:
          `SELECT time_bucket(INTERVAL '1 minute', time) AS minute, max(usage_user) AS max_usage_user FROM cpu ` +
          `WHERE time >= ${sqlTime(start)} AND time < ${sqlTime(end)} GROUP BY minute ORDER BY minute DESC LIMIT 5`,
        influxql: `SELECT max(usage_user) FROM cpu WHERE time >= ${influxTime(start)} AND time < ${influxTime(end)} GROUP BY time(1m) ORDER BY time DESC LIMIT 5`,
      };
    },
  },
];


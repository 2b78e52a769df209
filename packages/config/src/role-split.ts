import type { Config } from './load-config.ts';

const ALL_ROLES = ['web', 'mcp', 'ingest', 'worker', 'scheduler'] as const;

/**
 * Why this process may not run only some of the roles, or null when it may. The embedded
 * defaults serve one process each (PGlite's data dir, the in-process bus and queue, the broker
 * inside the server), so a split needs their real counterparts; and a tenant's DuckDB file has
 * one writer whose process must also answer its queries, so the fronts leave ingest only on
 * InfluxDB 3.
 */
export function roleSplitRefusal(config: Config): string | null {
  const missing = ALL_ROLES.filter((role) => !config.roles.includes(role));
  if (missing.length === 0) return null;
  const roles = config.roles.join(',');
  const needs: string[] = [];
  if (config.database.kind === 'pglite') needs.push('PostgreSQL (DATABASE_URL): PGlite serves one process');
  if (!config.redis) needs.push('Redis (REDIS_URL): the in-process bus and queue reach no other process');
  if (config.mqtt.kind === 'embedded') needs.push('an external MQTT broker (MQTT_URL): the embedded one lives inside the ingest process');
  const fronts = config.roles.filter((role) => role === 'web' || role === 'mcp');
  if (config.timeseries.kind === 'duckdb' && fronts.length > 0 && !config.roles.includes('ingest')) {
    needs.push('InfluxDB 3 (INFLUX_HOST) to answer telemetry queries apart from ingest: a DuckDB file is read where it is written, so with DuckDB run web and mcp with ingest');
  }
  if (needs.length === 0) return null;
  return `FACILFLOW_ROLES=${roles} leaves ${missing.join(', ')} to other processes, which needs ${needs.join('; ')}. Without them, run every role in one process (the default).`;
}

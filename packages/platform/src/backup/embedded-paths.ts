import type { Config } from '@facilflow/config';
import { FacilFlowError } from '@facilflow/contracts';

/** Where the embedded defaults keep what a backup holds. */
export interface EmbeddedPaths {
  dataDir: string;
  pgliteDir: string;
  timeseriesDir: string;
}

/**
 * Backup and restore cover the embedded defaults only: PostgreSQL and InfluxDB 3 have their
 * own tools (pg_dump, the InfluxDB 3 data directory), which know their storage better.
 */
export function embeddedPaths(config: Config): EmbeddedPaths {
  if (config.database.kind !== 'pglite') {
    throw new FacilFlowError('INVALID', 'DATABASE_URL is set: back up PostgreSQL with pg_dump -Fc and restore it with pg_restore (README, "Backup and restore")');
  }
  if (config.timeseries.kind !== 'duckdb') {
    throw new FacilFlowError('INVALID', 'INFLUX_HOST is set: back up InfluxDB 3 with its own tooling (README, "Backup and restore")');
  }
  return { dataDir: config.dataDir, pgliteDir: config.database.dir, timeseriesDir: config.timeseries.dir };
}

import type { Config } from '@facilflow/config';
import { createDatabase } from '@facilflow/db';
import { createTimeSeriesStore } from '../create-time-series-store.ts';
import type { BackupManifest } from './backup-manifest.ts';
import { embeddedPaths } from './embedded-paths.ts';
import { takeBackup } from './take-backup.ts';

/**
 * A backup with no server running: this process opens the data dir itself. Opening PGlite takes
 * its lock, so a server started meanwhile fails to start instead of writing beside the copy.
 * Nothing is migrated: the backup holds the data dir as it was.
 */
export async function takeOfflineBackup(config: Config, outDir: string): Promise<BackupManifest> {
  const paths = embeddedPaths(config);
  const db = await createDatabase(config.database);
  try {
    const timeseries = createTimeSeriesStore(config);
    try {
      return await takeBackup({ paths, db, timeseries, takenBy: 'offline' }, outDir);
    } finally {
      await timeseries.close();
    }
  } finally {
    await db.close();
  }
}

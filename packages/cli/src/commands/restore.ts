import { resolve } from 'node:path';
import { loadConfig } from '@facilflow/config';
import { embeddedPaths, restoreBackup } from '@facilflow/platform';
import { summarizeBackup, type BackupSummary } from '../backup/summarize-backup.ts';

/** `facilflow restore DIR [--force]`: into the data dir the environment names (FACILFLOW_DATA_DIR). */
export async function restore(backupDir: string, force: boolean): Promise<BackupSummary & { restoredInto: string }> {
  const config = loadConfig();
  const dir = resolve(backupDir);
  const manifest = await restoreBackup(embeddedPaths(config), dir, { force });
  return { ...summarizeBackup(dir, manifest), restoredInto: config.dataDir };
}

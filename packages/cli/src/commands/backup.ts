import { resolve } from 'node:path';
import { loadConfig } from '@facilflow/config';
import { embeddedPaths, pgliteHolderPid, takeOfflineBackup } from '@facilflow/platform';
import { askRunningServer } from '../backup/ask-running-server.ts';
import { summarizeBackup, type BackupSummary } from '../backup/summarize-backup.ts';

/** `facilflow backup --out DIR`: through the running server if one holds the data dir, otherwise directly. */
export async function backup(outDir: string): Promise<BackupSummary> {
  const config = loadConfig();
  const out = resolve(outDir);
  const serverPid = pgliteHolderPid(embeddedPaths(config));
  const manifest = serverPid === undefined ? await takeOfflineBackup(config, out) : await askRunningServer(config, serverPid, out);
  return summarizeBackup(out, manifest);
}

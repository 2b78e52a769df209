import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { FacilFlowError } from '@facilflow/contracts';
import { loadPgliteDataDir, lockPgliteDir } from '@facilflow/db';
import type { BackupFile, BackupManifest } from './backup-manifest.ts';
import type { EmbeddedPaths } from './embedded-paths.ts';
import { readVerifiedBackup } from './read-verified-backup.ts';

export interface RestoreOptions {
  /** Replace what the data dir holds; without it only an empty (or absent) data dir is restored into. */
  force: boolean;
}

/**
 * Puts a verified backup back into the embedded data dir. The database lock is taken first
 * and held throughout, so a running server (or a second restore) makes this fail, even with
 * `force`, before anything is touched.
 */
export async function restoreBackup(paths: EmbeddedPaths, backupDir: string, options: RestoreOptions): Promise<BackupManifest> {
  const manifest = await readVerifiedBackup(backupDir);
  mkdirSync(paths.dataDir, { recursive: true, mode: 0o700 });
  const unlock = lockPgliteDir(paths.pgliteDir);
  try {
    const lockName = `${basename(paths.pgliteDir)}.lock`;
    const present = dirname(paths.pgliteDir) === paths.dataDir ? readdirSync(paths.dataDir).filter((name) => name !== lockName) : readdirSync(paths.dataDir);
    if (present.length > 0 && !options.force) {
      throw new FacilFlowError('CONFLICT', `${paths.dataDir} is not empty (${present.slice(0, 3).join(', ')}${present.length > 3 ? ', …' : ''}): restore into an empty data dir, or add --force to replace it`);
    }
    for (const name of present) rmSync(join(paths.dataDir, name), { recursive: true, force: true });
    if (existsSync(paths.pgliteDir)) rmSync(paths.pgliteDir, { recursive: true, force: true });
    for (const file of manifest.files) await restoreFile(paths, backupDir, file);
    return manifest;
  } finally {
    unlock();
  }
}

async function restoreFile(paths: EmbeddedPaths, backupDir: string, file: BackupFile): Promise<void> {
  const source = join(backupDir, file.path);
  if (file.kind === 'platform-database') {
    await loadPgliteDataDir(paths.pgliteDir, new Uint8Array(readFileSync(source)));
    return;
  }
  const target = file.kind === 'tenant-timeseries' ? join(paths.timeseriesDir, basename(file.path)) : join(paths.dataDir, file.path);
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(source, target);
}

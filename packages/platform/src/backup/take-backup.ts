import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { FacilFlowError } from '@facilflow/contracts';
import type { Database } from '@facilflow/db';
import type { TimeSeriesStore } from '@facilflow/timeseries';
import { BACKUP_FORMAT, BACKUP_LAYOUT, BACKUP_VERSION, MANIFEST_FILE, sha256OfFile, type BackupFile, type BackupManifest } from './backup-manifest.ts';
import type { EmbeddedPaths } from './embedded-paths.ts';

export interface BackupSources {
  paths: EmbeddedPaths;
  /** The open platform database: the server's own, or one the CLI opened with no server running. */
  db: Database;
  timeseries: TimeSeriesStore;
  takenBy: BackupManifest['takenBy'];
}

const TENANT_FILE_SUFFIX = '.duckdb';

/**
 * Writes a backup of the embedded data dir into `outDir` (absent or empty). The platform
 * database and every tenant's time series are each copied at one consistent instant while
 * the stores keep serving; the manifest is written last, so a directory without one is an
 * unfinished backup that restore refuses.
 */
export async function takeBackup(sources: BackupSources, outDir: string): Promise<BackupManifest> {
  const { db, timeseries, paths } = sources;
  if (!db.dumpDataDir) throw new FacilFlowError('INVALID', 'The platform database is not the embedded PGlite: back it up with pg_dump');
  if (!timeseries.snapshot) throw new FacilFlowError('INVALID', 'The time-series store is not the embedded DuckDB: back it up with its own tooling');
  prepareEmptyDir(outDir);
  const files: BackupFile[] = [];

  const databaseFile = join(outDir, BACKUP_LAYOUT.platformDatabase);
  writeFileSync(databaseFile, await db.dumpDataDir(), { mode: 0o600 });
  files.push(await describe(outDir, databaseFile, 'platform-database'));

  mkdirSync(join(outDir, BACKUP_LAYOUT.timeseriesDir));
  for (const tenantId of tenantsWithTimeSeries(paths.timeseriesDir)) {
    const target = join(outDir, BACKUP_LAYOUT.timeseriesDir, `${tenantId}${TENANT_FILE_SUFFIX}`);
    const summary = await timeseries.snapshot(tenantId, target);
    files.push({ ...(await describe(outDir, target, 'tenant-timeseries')), tenantId, ...summary });
  }

  for (const [name, kind] of [
    [BACKUP_LAYOUT.secret, 'secret'],
    [BACKUP_LAYOUT.demoApiKey, 'demo-api-key'],
  ] as const) {
    const source = join(paths.dataDir, name);
    if (!existsSync(source)) continue;
    copyFileSync(source, join(outDir, name));
    files.push(await describe(outDir, join(outDir, name), kind));
  }

  // The emulator writes its accounts here when it stops (--export-on-exit): the backup holds that export.
  const accounts = join(paths.dataDir, BACKUP_LAYOUT.authEmulatorDir);
  if (existsSync(accounts)) {
    const copied = join(outDir, BACKUP_LAYOUT.authEmulatorDir);
    cpSync(accounts, copied, { recursive: true });
    for (const file of filesUnder(copied)) files.push(await describe(outDir, file, 'auth-emulator'));
  }

  const manifest: BackupManifest = { format: BACKUP_FORMAT, version: BACKUP_VERSION, createdAt: new Date().toISOString(), takenBy: sources.takenBy, files };
  writeFileSync(join(outDir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

function prepareEmptyDir(dir: string): void {
  if (existsSync(dir) && readdirSync(dir).length > 0) {
    throw new FacilFlowError('CONFLICT', `${dir} is not empty: a backup goes into a new or empty directory`);
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
}

/** Every `<tenantId>.duckdb` in the store's directory: a tenant that never wrote a point has none. */
function tenantsWithTimeSeries(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith(TENANT_FILE_SUFFIX))
    .map((name) => name.slice(0, -TENANT_FILE_SUFFIX.length))
    .sort();
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile())
    .sort();
}

async function describe(outDir: string, file: string, kind: BackupFile['kind']): Promise<BackupFile> {
  return { path: relative(outDir, file).split(sep).join('/'), kind, ...(await sha256OfFile(file)) };
}

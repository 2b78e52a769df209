import { mkdirSync, readdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';

/**
 * The data directory as PGlite's own gzipped tarball. The checkpoint first flushes shared
 * buffers into the files, so the restored directory needs no WAL replay. The copy is then
 * taken while holding PGlite's transaction lock: no transaction is half done in it, and
 * since reading the files is synchronous no statement can run in the middle of it.
 */
export async function dumpPgliteDataDir(client: PGlite): Promise<Uint8Array<ArrayBuffer>> {
  await client.exec('CHECKPOINT');
  const tarball = await client._runExclusiveTransaction(() => client.dumpDataDir('gzip'));
  return new Uint8Array(await tarball.arrayBuffer());
}

/**
 * Unpacks a tarball from `dumpPgliteDataDir` into `dir`, which must be empty or absent; the
 * caller holds the directory's lock (`lockPgliteDir`). Opening it once proves it starts.
 */
export async function loadPgliteDataDir(dir: string, tarball: Uint8Array<ArrayBuffer>): Promise<void> {
  mkdirSync(dir, { recursive: true });
  if (readdirSync(dir).length > 0) throw new Error(`${dir} is not empty: PGlite restores only into an empty directory`);
  const client = new PGlite(dir, { loadDataDir: new Blob([tarball], { type: 'application/x-gzip' }) });
  try {
    await client.waitReady;
    await client.query('select 1');
  } finally {
    await client.close();
  }
}

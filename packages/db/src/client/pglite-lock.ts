import { readFileSync, rmSync, writeFileSync } from 'node:fs';

/**
 * PGlite is single-process: a second process opening the same data directory corrupts it.
 * A pid file next to the directory turns that into a clear error (for example running the
 * CLI while `npm start` holds the embedded database). A stale file from a dead process is taken over.
 */
export function lockPgliteDir(dir: string): () => void {
  const file = `${dir}.lock`;
  try {
    writeFileSync(file, String(process.pid), { flag: 'wx' });
  } catch {
    const holder = Number(readFileSync(file, 'utf8'));
    if (holder !== process.pid && isAlive(holder)) {
      throw new Error(
        `The embedded database ${dir} is in use by process ${holder}. Stop that process, or use PostgreSQL (DATABASE_URL) to run several.`,
      );
    }
    writeFileSync(file, String(process.pid));
  }
  return () => rmSync(file, { force: true });
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

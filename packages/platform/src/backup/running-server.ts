import { readFileSync } from 'node:fs';
import type { EmbeddedPaths } from './embedded-paths.ts';

/**
 * The process holding the embedded database's lock file (see `lockPgliteDir`), if it is alive:
 * on one machine that is the running server, the only process that may read PGlite now.
 */
export function pgliteHolderPid(paths: EmbeddedPaths): number | undefined {
  let pid: number;
  try {
    pid = Number(readFileSync(`${paths.pgliteDir}.lock`, 'utf8'));
  } catch {
    return undefined;
  }
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return undefined;
  try {
    process.kill(pid, 0);
    return pid;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM' ? pid : undefined;
  }
}

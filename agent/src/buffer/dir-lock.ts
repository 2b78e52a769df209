import { open, readFile, unlink } from 'node:fs/promises';

/**
 * One writer per buffer directory: two agents appending to the same segments would interleave
 * records and corrupt each other. The lock file holds the owner's pid; a lock left by a process
 * that no longer exists (kill -9, power loss) is taken over.
 */
export interface DirLock {
  release(): Promise<void>;
}

export async function acquireDirLock(path: string): Promise<DirLock> {
  for (;;) {
    try {
      const handle = await open(path, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      return { release: () => unlink(path).catch(() => undefined) };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const owner = Number.parseInt(await readFile(path, 'utf8').catch(() => ''), 10);
    if (Number.isInteger(owner) && owner > 0 && isAlive(owner)) {
      throw new Error(`${path} is held by process ${owner}: another agent is using this data directory`);
    }
    // Stale (or half-written by a process that died creating it): remove and try again.
    await unlink(path).catch(() => undefined);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

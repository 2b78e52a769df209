import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** What a shard reports once its OPC UA server listens. */
export interface ShardReady {
  endpointUrl: string;
  slow: readonly string[];
  fast: readonly string[];
}

export interface Shard extends ShardReady {
  child: ChildProcess;
}

const SHARD_ENTRY = fileURLToPath(new URL('./shard.ts', import.meta.url));
const READY_TIMEOUT_MS = 120_000;

/** Splits `total` into `parts` counts that differ by at most one. */
export function split(total: number, parts: number): number[] {
  return Array.from({ length: parts }, (_, i) => Math.floor(total / parts) + (i < total % parts ? 1 : 0));
}

/** Starts `slow.length` shard processes at once and waits until all listen; each keeps its PKI in `<dataDir>/shard-i`. */
export async function startShards(slow: readonly number[], fast: readonly number[], dataDir: string): Promise<Shard[]> {
  return Promise.all(
    slow.map(
      (slowCount, i) =>
        new Promise<Shard>((resolve, reject) => {
          // tsx as a loader: the simulator ships as TypeScript. stdout is the simulator's, not ours.
          const child = fork(SHARD_ENTRY, [String(slowCount), String(fast[i] ?? 0), join(dataDir, `shard-${i}`)], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
          const timer = setTimeout(() => reject(new Error(`simulator shard ${i} not ready after ${READY_TIMEOUT_MS} ms`)), READY_TIMEOUT_MS);
          child.once('message', (message) => {
            clearTimeout(timer);
            resolve({ ...(message as ShardReady), child });
          });
          child.once('exit', (code) => {
            clearTimeout(timer);
            reject(new Error(`simulator shard ${i} exited with code ${code}`));
          });
        }),
    ),
  );
}

export async function stopShards(shards: readonly Shard[]): Promise<void> {
  await Promise.all(shards.map(({ child }) => stopChild(child)));
}

/** SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
export function stopChild(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

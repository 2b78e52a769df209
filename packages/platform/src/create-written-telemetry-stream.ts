import { readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Config } from '@facilflow/config';
import { consoleLog, createRedisWrittenTelemetryStream, InProcessWrittenTelemetryStream, type WrittenTelemetryStream } from '@facilflow/messaging';

/**
 * Redis Streams when REDIS_URL is set (consumers may run in worker processes), otherwise
 * in process with its spill files under the data dir, one directory per process: a
 * directory left by a process that died is removed here.
 */
export async function createWrittenTelemetryStream(config: Config): Promise<WrittenTelemetryStream> {
  if (config.redis) return createRedisWrittenTelemetryStream({ url: config.redis.url, prefix: `${config.redis.prefix}written-telemetry:`, log: consoleLog });
  const root = resolve(config.dataDir, 'written-telemetry');
  removeDeadProcessesSpill(root);
  return new InProcessWrittenTelemetryStream({ spillDir: join(root, String(process.pid)), log: consoleLog });
}

function removeDeadProcessesSpill(root: string): void {
  let entries: string[];
  try {
    entries = readdirSync(root);
  } catch {
    return;
  }
  for (const entry of entries) {
    const pid = Number(entry);
    if (Number.isInteger(pid) && pid !== process.pid && !isAlive(pid)) rmSync(join(root, entry), { recursive: true, force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

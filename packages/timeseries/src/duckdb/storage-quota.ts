import { stat } from 'node:fs/promises';
import type { TelemetryPoint } from '@facilflow/contracts';
import { StorageQuotaExceededError } from '../storage-quota-error.ts';

/** The time column, and a row's share of DuckDB's per-row bookkeeping. */
const ROW_BYTES = 16;
const NUMBER_BYTES = 8;

/**
 * Refuses a write that would take the tenant's DuckDB file and WAL past `limitBytes`.
 * The size a write will take is estimated from its values before compression (what the
 * WAL receives), so a write is measured against the quota before it lands. Writes checked
 * at the same moment can together overshoot the quota by at most their own size.
 */
export async function checkStorageQuota(tenantId: string, databasePath: string, points: readonly TelemetryPoint[], limitBytes: number): Promise<void> {
  const [file, wal] = await Promise.all([sizeOf(databasePath), sizeOf(`${databasePath}.wal`)]);
  const used = file + wal;
  const needed = estimatedBytes(points);
  if (used + needed > limitBytes) throw new StorageQuotaExceededError(tenantId, used, needed, limitBytes);
}

function estimatedBytes(points: readonly TelemetryPoint[]): number {
  let bytes = 0;
  for (const point of points) {
    bytes += ROW_BYTES;
    for (const value of Object.values(point.tags)) bytes += value.length;
    for (const value of Object.values(point.f)) bytes += typeof value === 'string' ? value.length : NUMBER_BYTES;
  }
  return bytes;
}

async function sizeOf(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return 0;
    throw error;
  }
}

import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { onCleanup } from '../lib/cleanup.ts';

/** The machine's PostgreSQL (the one the service tests use), only to create and drop a scratch database. */
const ADMIN_URL = process.env.FF_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * A database of its own on the local PostgreSQL, for parts whose processes share one (PGlite
 * lives inside a single process); dropped at cleanup. The platform migrates it on start.
 */
export async function scratchDatabase(): Promise<string> {
  const name = `ff_bench_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => undefined });
  try {
    await admin.unsafe(`create database ${name}`);
  } catch (cause) {
    await admin.end({ timeout: 1 });
    throw new Error(`PostgreSQL at ${ADMIN_URL} is not reachable (FF_BENCH_DATABASE_URL to use another): ${(cause as Error).message}`, { cause });
  }
  onCleanup('scratch database', async () => {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end({ timeout: 5 });
  });
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

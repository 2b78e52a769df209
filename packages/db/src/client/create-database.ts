import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import * as schema from '../schema/index.ts';
import { createFaultWatch } from './database-fault.ts';
import type { Database, Db, RlsSettings, Tx } from './database.ts';
import { lockPgliteDir } from './pglite-lock.ts';
import { dumpPgliteDataDir } from './pglite-data-dir.ts';

export type DatabaseTarget = { kind: 'pglite'; dir: string } | { kind: 'postgres'; url: string; max?: number };

const migrationsFolder = fileURLToPath(new URL('../../migrations', import.meta.url));

/** `dir: 'memory://'` keeps PGlite in memory (tests); any other dir is a data directory on disk. */
export async function createDatabase(target: DatabaseTarget): Promise<Database> {
  if (target.kind === 'pglite') {
    const onDisk = !target.dir.startsWith('memory://');
    if (onDisk) mkdirSync(target.dir, { recursive: true });
    const unlock = onDisk ? lockPgliteDir(target.dir) : () => undefined;
    const client = new PGlite(target.dir);
    await client.waitReady;
    const db = drizzlePglite(client, { schema });
    return build(
      'pglite',
      db as unknown as Db,
      () => migratePglite(db, { migrationsFolder }),
      async (failed) => {
        // A dead WASM instance throws on close as on everything else; there is nothing left to flush.
        if (!failed) await client.close();
        unlock();
      },
      () => dumpPgliteDataDir(client),
    );
  }
  const client = postgres(target.url, { max: target.max ?? 10, onnotice: () => undefined });
  try {
    await client`select 1`;
  } catch (cause) {
    await client.end({ timeout: 1 });
    throw new Error(`PostgreSQL at ${redact(target.url)} is not reachable: ${(cause as Error).message}`, { cause });
  }
  const db = drizzlePostgres(client, { schema });
  return build('postgres', db as unknown as Db, () => migratePostgres(db, { migrationsFolder }), () => client.end({ timeout: 5 }));
}

function build(
  kind: Database['kind'],
  db: Db,
  migrate: () => Promise<void>,
  close: (failed: boolean) => Promise<void>,
  dumpDataDir?: () => Promise<Uint8Array>,
): Database {
  const watch = createFaultWatch(kind === 'pglite' ? 'embedded PGlite' : 'PostgreSQL');
  const withSettings = <T>(settings: RlsSettings, fn: (tx: Tx) => Promise<T>): Promise<T> =>
    watch.run(() =>
      db.transaction(async (tx) => {
        await tx.execute(sql`set local role facilflow_app`);
        for (const [name, value] of Object.entries(settings)) {
          await tx.execute(sql`select set_config(${name}, ${value}, true)`);
        }
        return fn(tx);
      }),
    );
  return {
    kind,
    get failure() {
      return watch.failure;
    },
    ping: () => watch.run(async () => void (await db.execute(sql`select 1`))),
    withSettings,
    withTenant: (tenantId, fn) => {
      if (!tenantId) throw new Error('withTenant needs a tenant id');
      return withSettings({ 'app.tenant_id': tenantId }, fn);
    },
    withUser: (uid, fn) => {
      if (!uid) throw new Error('withUser needs a uid');
      return withSettings({ 'app.uid': uid }, fn);
    },
    withSystem: (_reason, fn) => withSettings({ 'app.scope': 'system' }, fn),
    migrate: () => watch.run(migrate),
    ...(dumpDataDir ? { dumpDataDir: () => watch.run(dumpDataDir) } : {}),
    close: () => close(watch.failure !== undefined),
  };
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}

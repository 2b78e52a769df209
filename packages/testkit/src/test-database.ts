import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { createDatabase, type Database } from '@facilflow/db/client';

/**
 * Tests run on embedded PGlite by default. With FF_TEST_DATABASE_URL pointing at a
 * PostgreSQL server (any database on it, used only to create and drop a scratch one),
 * each call gets a fresh database there instead. An unreachable server fails loudly:
 * a suite asked to run on PostgreSQL never passes by quietly using PGlite.
 */
export interface TestDatabase {
  db: Database;
  kind: Database['kind'];
  /** For adapters that need the URL themselves; undefined on PGlite. */
  url: string | undefined;
  drop(): Promise<void>;
}

export function testDatabaseKind(): Database['kind'] {
  return process.env.FF_TEST_DATABASE_URL ? 'postgres' : 'pglite';
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = process.env.FF_TEST_DATABASE_URL;
  if (!adminUrl) {
    const db = await createDatabase({ kind: 'pglite', dir: 'memory://' });
    await db.migrate();
    return { db, kind: 'pglite', url: undefined, drop: () => db.close() };
  }
  const name = `ff_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => undefined });
  try {
    await admin.unsafe(`create database ${name}`);
  } catch (cause) {
    await admin.end({ timeout: 1 });
    throw new Error(`PostgreSQL (FF_TEST_DATABASE_URL=${adminUrl}) is not reachable: ${(cause as Error).message}`, { cause });
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = await createDatabase({ kind: 'postgres', url: url.toString(), max: 4 });
  await db.migrate();
  return {
    db,
    kind: 'postgres',
    url: url.toString(),
    drop: async () => {
      await db.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end({ timeout: 5 });
    },
  };
}

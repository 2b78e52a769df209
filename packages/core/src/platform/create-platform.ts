import type { Config } from '@facilflow/config';
import { createFirebaseIdentity } from '@facilflow/auth/firebase';
import { createDatabase, type Database } from '@facilflow/db/client';
import type { Services } from '../services.ts';
import { createDirectory } from './create-directory.ts';
import { resolveSecret } from './resolve-secret.ts';

export interface Platform {
  config: Config;
  services: Services;
  /** Signs confirmation tokens. */
  secret: string;
  close(): Promise<void>;
}

/**
 * Composes the stores and providers the configuration names. A caller that already
 * owns a database (tests, the CLI) passes it in and keeps closing it.
 */
export async function createPlatform(config: Config, given?: { db?: Database }): Promise<Platform> {
  const db = given?.db ?? (await createDatabase(config.database));
  if (!given?.db) await db.migrate();
  const directory = createDirectory(config, db);
  const identity = createFirebaseIdentity(config.firebase);
  return {
    config,
    secret: resolveSecret(config),
    services: { db, directory: directory.directory, identity, now: () => new Date() },
    async close() {
      await identity.close();
      await directory.close();
      if (!given?.db) await db.close();
    },
  };
}

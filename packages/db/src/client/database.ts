import type { ExtractTablesWithRelations } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import type * as schema from '../schema/index.ts';
import type { DatabaseFailedError } from './database-fault.ts';

export type Schema = typeof schema;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

/** Per-transaction settings the row-level-security policies read. */
export interface RlsSettings {
  'app.tenant_id'?: string;
  'app.uid'?: string;
  'app.scope'?: 'system';
}

export interface Database {
  readonly kind: 'pglite' | 'postgres';
  /** A transaction that sees and writes only this tenant's rows. */
  withTenant<T>(tenantId: string, fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** A transaction that sees only this user's profile. */
  withUser<T>(uid: string, fn: (tx: Tx) => Promise<T>): Promise<T>;
  /**
   * Cross-tenant access for the few lookups that precede knowing the tenant
   * (API key resolution, a user's memberships, invites for an email).
   * Callers name why, so every use can be found and reviewed.
   */
  withSystem<T>(reason: string, fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** The application role with exactly these settings: used by the RLS tests. */
  withSettings<T>(settings: RlsSettings, fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** A `select 1` through the client: what readiness asks. Rejects once the database has failed. */
  ping(): Promise<void>;
  /** Set once the engine has died (a PGlite WASM trap); every call then rejects with it. */
  readonly failure: DatabaseFailedError | undefined;
  migrate(): Promise<void>;
  /**
   * PGlite only: a gzipped tarball of the data directory (PGlite's own `dumpDataDir` format),
   * taken after a checkpoint and between transactions, so it opens without recovery (backup).
   */
  dumpDataDir?(): Promise<Uint8Array>;
  close(): Promise<void>;
}

import type { Database } from '@facilflow/db/client';
import type { Bus } from '@facilflow/messaging';
import { channelTenant } from '@facilflow/contracts';
import { compileMeasurementSchema, type CompiledMeasurementSchema } from './compile-measurement-schema.ts';
import { loadLatestSchemas } from './load-schemas.ts';
import { onMeasurementSchemaChange, schemaChangesChannel } from './schema-changes.ts';

/** A tenant's compiled schemas, by measurement. */
export interface TenantSchemas {
  get(measurement: string): CompiledMeasurementSchema | undefined;
}

export interface SchemaCache {
  /** The tenant's latest schemas, compiled. */
  forTenant(tenantId: string): Promise<TenantSchemas>;
  /** Drops what is known of the tenant: the next call reads the registry again. */
  invalidate(tenantId: string): void;
  stats(): { tenants: number; loads: number; hits: number };
  close(): Promise<void>;
}

export interface SchemaCacheOptions {
  db: Database;
  /** Where other nodes announce their changes; without it, they apply here within the TTL. */
  bus?: Bus;
  /**
   * How long a tenant's schemas are used without asking the registry again (default 5 s).
   * Changes made in this process apply at once (they invalidate the entry); changes made
   * on another node apply within this time.
   */
  ttlMs?: number;
  now?: () => number;
}

interface Entry {
  schemas: TenantSchemas;
  compiled: Map<string, CompiledMeasurementSchema>;
  loadedAt: number;
  /** The tenant's change count when the read started: an entry of an older count is invalid. */
  generation: number;
}

/**
 * Validators compiled per (tenant, measurement, version) and kept in process. An entry
 * older than the TTL is still served while a fresh read runs (ingest never waits for the
 * registry on the hot path); an entry invalidated by a local change is not, so the next
 * message is checked against the change. A reload reuses the compiled validator of every
 * measurement whose version (and creation time: a deleted and recreated schema starts at
 * version 1 again) did not change.
 *
 * Several ingest nodes: a change made on another node arrives on the bus
 * (`tenant:{id}:schemas`) and invalidates the entry; should that message be lost (the bus
 * delivers at most once), the TTL bounds how long the old schemas are used.
 */
export function createSchemaCache(options: SchemaCacheOptions): SchemaCache {
  const ttlMs = options.ttlMs ?? 5000;
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();
  const reads = new Map<string, Promise<Entry>>();
  const generations = new Map<string, number>();
  let loads = 0;
  let hits = 0;
  const generationOf = (tenantId: string) => generations.get(tenantId) ?? 0;

  /** One read of the registry per tenant at a time; its result is kept only if no change came meanwhile. */
  function refresh(tenantId: string): Promise<Entry> {
    const running = reads.get(tenantId);
    if (running) return running;
    const generation = generationOf(tenantId);
    const previous = entries.get(tenantId);
    loads++;
    const read: Promise<Entry> = options.db
      .withTenant(tenantId, (tx) => loadLatestSchemas(tx))
      .then((latest) => {
        const compiled = new Map<string, CompiledMeasurementSchema>();
        for (const schema of latest) {
          const known = previous?.compiled.get(schema.measurement);
          const same = known !== undefined && known.schema.version === schema.version && known.schema.createdAt === schema.createdAt;
          compiled.set(schema.measurement, same ? known : compileMeasurementSchema(schema));
        }
        const entry: Entry = { schemas: { get: (measurement) => compiled.get(measurement) }, compiled, loadedAt: now(), generation };
        if (generationOf(tenantId) === generation) entries.set(tenantId, entry);
        return entry;
      })
      .finally(() => {
        if (reads.get(tenantId) === read) reads.delete(tenantId);
      });
    reads.set(tenantId, read);
    return read;
  }

  function invalidate(tenantId: string): void {
    generations.set(tenantId, generationOf(tenantId) + 1);
  }

  const unsubscribe = onMeasurementSchemaChange(({ tenantId }) => invalidate(tenantId));
  const busSubscription = options.bus?.subscribe(schemaChangesChannel('*'), (_message, channel) => {
    const tenantId = channelTenant(channel);
    if (tenantId) invalidate(tenantId);
  });
  // A bus that cannot subscribe leaves the TTL to do the work.
  busSubscription?.catch(() => undefined);

  return {
    async forTenant(tenantId) {
      const entry = entries.get(tenantId);
      if (entry && entry.generation === generationOf(tenantId)) {
        hits++;
        // Served as is while a fresh read runs; a failed read is tried again on a later call.
        if (now() - entry.loadedAt >= ttlMs) refresh(tenantId).catch(() => undefined);
        return entry.schemas;
      }
      const loaded = await refresh(tenantId);
      // That read started before the latest change: one more, which sees it.
      return loaded.generation === generationOf(tenantId) ? loaded.schemas : (await refresh(tenantId)).schemas;
    },
    invalidate,
    stats: () => ({ tenants: entries.size, loads, hits }),
    async close() {
      unsubscribe();
      const end = await busSubscription?.catch(() => undefined);
      await end?.().catch(() => undefined);
    },
  };
}

import { subscribedTagSchema, type AssetNode } from '@facilflow/contracts';
import { schema } from '@facilflow/db';
import type { TenantScope } from '@facilflow/contracts';
import type { Services } from '../services.ts';
import { assetTree } from './asset-tree.ts';

export interface ExploredCatalog {
  dialect: 'duckdb' | 'influxdb3';
  measurements: Array<{
    name: string;
    tags: Array<{ name: string; distinctValues: number; distinctValuesCapped: boolean }>;
    fields: Array<{ name: string; type: 'number' | 'boolean' | 'string'; unit: string | null }>;
    firstTime: string | null;
    lastTime: string | null;
    pointCount: number;
  }>;
  assets: AssetNode[];
}

/**
 * What the tenant has stored (from the store) with units from the schema registry and the
 * asset hierarchy from the tags its data sources attach.
 */
export async function exploreCatalog(
  services: Services,
  scope: TenantScope,
  input: { measurement?: string | undefined },
  signal?: AbortSignal,
): Promise<ExploredCatalog> {
  const [catalog, schemas, sources] = await Promise.all([
    services.timeseries.catalog(scope.tenantId, signal ? { signal } : {}),
    services.db.withTenant(scope.tenantId, (tx) => tx.select().from(schema.measurementSchemas)),
    services.db.withTenant(scope.tenantId, (tx) => tx.select({ tags: schema.dataSources.tags }).from(schema.dataSources)),
  ]);
  const units = new Map<string, string | null>();
  const latestVersion = new Map<string, number>();
  for (const s of schemas) {
    if ((latestVersion.get(s.measurement) ?? -1) > s.version) continue;
    latestVersion.set(s.measurement, s.version);
    for (const f of (s.fields as Array<{ name: string; unit?: string | null }>) ?? []) units.set(`${s.measurement}.${f.name}`, f.unit ?? null);
  }
  const tagSets = sources.flatMap((s) =>
    (Array.isArray(s.tags) ? s.tags : []).flatMap((t) => {
      const parsed = subscribedTagSchema.safeParse(t);
      return parsed.success && (!input.measurement || parsed.data.measurement === input.measurement) ? [parsed.data.tags] : [];
    }),
  );
  return {
    dialect: services.timeseriesDialect,
    measurements: catalog.measurements
      .filter((m) => !input.measurement || m.name === input.measurement)
      .map((m) => ({ ...m, fields: m.fields.map((f) => ({ ...f, unit: units.get(`${m.name}.${f.name}`) ?? null })) })),
    assets: assetTree(tagSets),
  };
}

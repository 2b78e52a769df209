import { opcUaSourceSchema, type DataSource, type OpcUaSource } from '@facilflow/contracts';
import type { schema } from '@facilflow/db';

type DataSourceRow = typeof schema.dataSources.$inferSelect;

/** The source as the agent's configuration carries it, password included. */
export function sourceFromRow(row: DataSourceRow): OpcUaSource {
  return opcUaSourceSchema.parse({ ...(row.settings as object), id: row.key, tags: row.tags });
}

/** The source as people and models see it: never the password. */
export function toDataSource(row: DataSourceRow): DataSource {
  const { password, ...source } = sourceFromRow(row);
  return {
    id: row.id,
    tenantId: row.tenantId,
    agentId: row.agentId,
    name: row.name,
    source: { ...source, hasPassword: Boolean(password) },
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Splits a source into the columns it is stored in. */
export function sourceColumns(source: OpcUaSource): { key: string; kind: string; settings: object; tags: object } {
  const { id, tags, ...settings } = source;
  return { key: id, kind: settings.kind, settings, tags };
}

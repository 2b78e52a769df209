import { schema, sql } from '@facilflow/db';
import type { Database } from '@facilflow/db/client';

export interface NodeWrite {
  id: string;
  kind: string;
  label: string;
  attributes: Record<string, unknown>;
}

export interface EdgeWrite {
  from: string;
  to: string;
  kind: string;
}

const CHUNK = 500;

/** Upserts nodes and edges in one transaction: new ones are inserted, known ones get a later `lastSeenAt`. */
export async function writeLineage(db: Database, tenantId: string, nodes: readonly NodeWrite[], edges: readonly EdgeWrite[], at: Date): Promise<void> {
  if (nodes.length === 0 && edges.length === 0) return;
  await db.withTenant(tenantId, async (tx) => {
    for (let i = 0; i < nodes.length; i += CHUNK) {
      await tx
        .insert(schema.lineageNodes)
        .values(nodes.slice(i, i + CHUNK).map((n) => ({ tenantId, id: n.id, kind: n.kind, label: n.label, attributes: n.attributes, firstSeenAt: at, lastSeenAt: at })))
        .onConflictDoUpdate({
          target: [schema.lineageNodes.tenantId, schema.lineageNodes.id],
          set: {
            label: sql`excluded.label`,
            attributes: sql`excluded.attributes`,
            lastSeenAt: sql`greatest(lineage_nodes.last_seen_at, excluded.last_seen_at)`,
          },
        });
    }
    for (let i = 0; i < edges.length; i += CHUNK) {
      await tx
        .insert(schema.lineageEdges)
        .values(edges.slice(i, i + CHUNK).map((e) => ({ tenantId, fromId: e.from, toId: e.to, kind: e.kind, firstSeenAt: at, lastSeenAt: at })))
        .onConflictDoUpdate({
          target: [schema.lineageEdges.tenantId, schema.lineageEdges.fromId, schema.lineageEdges.toId],
          set: { kind: sql`excluded.kind`, lastSeenAt: sql`greatest(lineage_edges.last_seen_at, excluded.last_seen_at)` },
        });
    }
  });
}

import { FacilFlowError, type LineageDirection, type LineageEdge, type LineageNode } from '@facilflow/contracts';
import { and, eq, inArray, schema, sql, type Tx } from '@facilflow/db';
import type { TenantScope } from '@facilflow/contracts';
import type { Services } from '../services.ts';

export interface LineageGraphInput {
  nodeId: string;
  direction: LineageDirection;
  depth: number;
  limit: number;
}

export type LineageGraphNode = LineageNode & { depth: number; direction: 'root' | 'upstream' | 'downstream' };

export interface LineageGraph {
  root: LineageNode;
  nodes: LineageGraphNode[];
  edges: LineageEdge[];
  truncated: boolean;
}

const nodesTable = schema.lineageNodes;
const edgesTable = schema.lineageEdges;

/**
 * The nodes reachable from `nodeId` within `depth` hops, following edges against their
 * direction (upstream: where the data comes from), along it (downstream: where it goes) or
 * both ways separately (never sideways through a common parent), found with a recursive CTE
 * in the tenant's own rows; plus the edges between the nodes returned.
 */
export async function getLineageGraph(services: Services, scope: TenantScope, input: LineageGraphInput): Promise<LineageGraph> {
  return services.db.withTenant(scope.tenantId, async (tx) => {
    const [root] = await tx.select().from(nodesTable).where(eq(nodesTable.id, input.nodeId)).limit(1);
    if (!root) throw new FacilFlowError('NOT_FOUND', `No lineage node ${input.nodeId}`);
    const reached = new Map<string, { depth: number; direction: LineageGraphNode['direction'] }>([[root.id, { depth: 0, direction: 'root' }]]);
    const walks: Array<'upstream' | 'downstream'> = input.direction === 'both' ? ['upstream', 'downstream'] : [input.direction];
    let truncated = false;
    for (const direction of walks) {
      const rows = await walk(tx, scope.tenantId, root.id, direction, input.depth, input.limit + 1);
      if (rows.length > input.limit) truncated = true;
      for (const row of rows) if (!reached.has(row.id)) reached.set(row.id, { depth: row.depth, direction });
    }
    // The root and at most `limit` others, nearest first.
    const ordered = [...reached.entries()].sort((a, b) => a[1].depth - b[1].depth);
    if (ordered.length > input.limit + 1) truncated = true;
    const kept = ordered.slice(0, input.limit + 1).map(([id]) => id);
    const nodeRows = await tx.select().from(nodesTable).where(inArray(nodesTable.id, kept));
    const edgeRows = kept.length > 1 ? await tx.select().from(edgesTable).where(and(inArray(edgesTable.fromId, kept), inArray(edgesTable.toId, kept))) : [];
    const nodes = nodeRows
      .map((n) => ({ ...toNode(n), ...reached.get(n.id)! }))
      .sort((a, b) => a.depth - b.depth || a.direction.localeCompare(b.direction) || a.id.localeCompare(b.id));
    return {
      root: toNode(root),
      nodes,
      edges: edgeRows
        .map((e) => ({ from: e.fromId, to: e.toId, kind: e.kind, firstSeenAt: e.firstSeenAt.toISOString(), lastSeenAt: e.lastSeenAt.toISOString() }))
        .sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to)),
      truncated,
    };
  });
}

async function walk(tx: Tx, tenantId: string, rootId: string, direction: 'upstream' | 'downstream', depth: number, limit: number): Promise<Array<{ id: string; depth: number }>> {
  // Upstream follows edges backwards (to → from), downstream forwards; `union` drops repeats of a (node, depth) pair and depth bounds cycles.
  const step =
    direction === 'upstream'
      ? sql`select e.from_id, w.depth + 1 from walk w join lineage_edges e on e.tenant_id = ${tenantId} and e.to_id = w.id where w.depth < ${depth}`
      : sql`select e.to_id, w.depth + 1 from walk w join lineage_edges e on e.tenant_id = ${tenantId} and e.from_id = w.id where w.depth < ${depth}`;
  const result = await tx.execute(sql`
    with recursive walk(id, depth) as (
      select ${rootId}::text, 0
      union
      ${step}
    )
    select id, min(depth)::int as depth from walk where id <> ${rootId} group by id order by min(depth), id limit ${limit}`);
  const rows = ((result as unknown as { rows?: unknown[] }).rows ?? (result as unknown as unknown[])) as Array<{ id: string; depth: number | string }>;
  return rows.map((r) => ({ id: r.id, depth: Number(r.depth) }));
}

function toNode(row: typeof nodesTable.$inferSelect): LineageNode {
  return {
    id: row.id,
    kind: row.kind,
    label: row.label,
    attributes: (row.attributes as Record<string, unknown> | null) ?? {},
    firstSeenAt: row.firstSeenAt.toISOString(),
    lastSeenAt: row.lastSeenAt.toISOString(),
  };
}

import { lineageNodeIds } from '@facilflow/contracts';
import { seriesKey, TagTrie } from '../quality/series-key.ts';
import type { Services } from '../services.ts';
import type { TelemetryObserver, WrittenBatch } from '../telemetry/telemetry-observer.ts';
import { loadAgentTagIndex, tagIndexKey, type AgentTagIndex } from './agent-tag-index.ts';
import { writeLineage, type EdgeWrite, type NodeWrite } from './lineage-store.ts';
import { singleFlight } from '../single-flight.ts';

export interface LineageRecorderOptions {
  services: Pick<Services, 'db' | 'now'>;
  now?: () => Date;
  /** A (measurement, tags, field) seen within this many seconds is not looked at again, and a node or edge written within it is not rewritten. */
  throttleSeconds?: number;
  /** Runs `flush()` this often; 0 leaves it to the caller (tests). */
  flushIntervalMs?: number;
  /** An agent's data sources are re-read this often (sooner when a point matches none of its tags). */
  sourcesRefreshSeconds?: number;
  log?: (message: string, error?: unknown) => void;
}

export interface LineageRecorder extends TelemetryObserver {
  /** Resolves what was observed against the agents' data sources and upserts nodes and edges. Never rejects. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

interface Seen {
  agentId: string | null;
  measurement: string;
  tags: Readonly<Record<string, string>>;
  field: string;
}

interface TenantLineage {
  /** (measurement, tags) → fields taken up since `seenSince`, per agent ('' without one); forgotten every `throttleSeconds`. */
  seen: Map<string, TagTrie<Set<string>>>;
  seenSince: number;
  pending: Seen[];
  /** Last time each node or edge was written. */
  written: Map<string, number>;
  agents: Map<string, AgentTagIndex>;
}

const UNRESOLVED_RELOAD_MS = 10_000;
const MAX_PENDING = 100_000;

/**
 * Captures lineage from live traffic: agent → source → tag → measurement, and tag → field
 * (so a field's upstream names exactly the PLC tags that feed it). The agent comes with the
 * batch; its data sources say which source and nodeId produce each (measurement, field,
 * tags). A point no subscribed tag explains is linked agent → measurement/field. Per point
 * the cost is a walk down a tag trie (one map step per tag key and value) and a set lookup
 * per field; what was taken up in the current `throttleSeconds` period is skipped, nodes and
 * edges written within `throttleSeconds` are not rewritten, and writes happen in `flush()`.
 */
export function createLineageRecorder(options: LineageRecorderOptions): LineageRecorder {
  const { services } = options;
  const clock = options.now ?? services.now;
  const throttleMs = (options.throttleSeconds ?? 60) * 1000;
  const refreshMs = (options.sourcesRefreshSeconds ?? 60) * 1000;
  const log = options.log ?? ((message: string, error?: unknown) => console.error(`[lineage] ${message}`, error ?? ''));
  const tenants = new Map<string, TenantLineage>();
  let lastPrune = 0;

  function tenantFor(tenantId: string): TenantLineage {
    let t = tenants.get(tenantId);
    if (!t) {
      t = { seen: new Map(), seenSince: clock().getTime(), pending: [], written: new Map(), agents: new Map() };
      tenants.set(tenantId, t);
    }
    return t;
  }

  async function observe(batch: WrittenBatch): Promise<void> {
    try {
      const t = tenantFor(batch.tenantId);
      const now = clock().getTime();
      if (now - t.seenSince >= throttleMs) {
        t.seen.clear();
        t.seenSince = now;
      }
      const agentId = batch.agentId;
      let trie = t.seen.get(agentId ?? '');
      if (!trie) {
        trie = new TagTrie();
        t.seen.set(agentId ?? '', trie);
      }
      for (const p of batch.points) {
        const node = trie.node(p.m, p.tags);
        const fields = (node.value ??= new Set());
        for (const field in p.f) {
          if (fields.has(field)) continue;
          fields.add(field);
          if (t.pending.length < MAX_PENDING) t.pending.push({ agentId, measurement: p.m, tags: p.tags, field });
        }
      }
    } catch (e) {
      log(`observe failed for tenant ${batch.tenantId}`, e);
    }
  }

  async function agentIndex(tenantId: string, t: TenantLineage, agentId: string, now: number, force: boolean): Promise<AgentTagIndex | null> {
    const cached = t.agents.get(agentId);
    if (cached && now - cached.loadedAt < (force ? UNRESOLVED_RELOAD_MS : refreshMs)) return cached;
    try {
      const index = await loadAgentTagIndex(services.db, tenantId, agentId, now);
      t.agents.set(agentId, index);
      return index;
    } catch (e) {
      log(`could not read the data sources of agent ${agentId}`, e);
      return cached ?? null;
    }
  }

  async function flushTenant(tenantId: string, t: TenantLineage, now: number): Promise<void> {
    if (t.pending.length === 0) return;
    const seen = t.pending;
    t.pending = [];
    const nodes = new Map<string, NodeWrite>();
    const edges = new Map<string, EdgeWrite>();
    const node = (id: string, kind: string, label: string, attributes: Record<string, unknown>) => {
      if (!nodes.has(id)) nodes.set(id, { id, kind, label, attributes });
    };
    const edge = (from: string, to: string, kind: string) => {
      const key = `${from}\u0000${to}`;
      if (!edges.has(key)) edges.set(key, { from, to, kind });
    };
    for (const s of seen) {
      const measurementId = lineageNodeIds.measurement(s.measurement);
      const fieldId = lineageNodeIds.field(s.measurement, s.field);
      node(measurementId, 'measurement', s.measurement, { measurement: s.measurement });
      node(fieldId, 'field', `${s.measurement}.${s.field}`, { measurement: s.measurement, field: s.field });
      if (!s.agentId) continue;
      const series = seriesKey(s.tags);
      const key = tagIndexKey(s.measurement, s.field, series);
      let index = await agentIndex(tenantId, t, s.agentId, now, false);
      if (index && !index.tags.has(key)) index = await agentIndex(tenantId, t, s.agentId, now, true);
      if (!index || index.agentName === null) continue;
      const agentNode = lineageNodeIds.agent(s.agentId);
      node(agentNode, 'agent', index.agentName, { agentId: s.agentId, name: index.agentName });
      const ref = index.tags.get(key);
      const source = ref ? index.sources.get(ref.sourceKey) : undefined;
      if (!ref || !source) {
        edge(agentNode, measurementId, 'writes');
        edge(agentNode, fieldId, 'writes');
        continue;
      }
      const sourceNode = lineageNodeIds.source(s.agentId, ref.sourceKey);
      const tagNode = lineageNodeIds.tag(s.agentId, ref.sourceKey, ref.nodeId);
      node(sourceNode, 'source', source.name, { agentId: s.agentId, sourceKey: ref.sourceKey, dataSourceId: source.id, endpointUrl: source.endpointUrl });
      node(tagNode, 'tag', ref.nodeId, { agentId: s.agentId, sourceKey: ref.sourceKey, nodeId: ref.nodeId, measurement: s.measurement, field: s.field, tags: s.tags });
      edge(agentNode, sourceNode, 'reads');
      edge(sourceNode, tagNode, 'subscribes');
      edge(tagNode, measurementId, 'writes');
      edge(tagNode, fieldId, 'writes');
    }
    const fresh = <T>(entries: Map<string, T>, prefix: string): T[] => {
      const out: T[] = [];
      for (const [key, value] of entries) {
        const last = t.written.get(prefix + key);
        if (last !== undefined && now - last < throttleMs) continue;
        out.push(value);
      }
      return out;
    };
    const nodeWrites = fresh(nodes, 'n\u0000');
    const edgeWrites = fresh(edges, 'e\u0000');
    try {
      await writeLineage(services.db, tenantId, nodeWrites, edgeWrites, new Date(now));
      for (const n of nodeWrites) t.written.set(`n\u0000${n.id}`, now);
      for (const e of edgeWrites) t.written.set(`e\u0000${e.from}\u0000${e.to}`, now);
    } catch (e) {
      log(`could not write lineage of tenant ${tenantId}`, e);
      // Tried again on the next flush rather than lost.
      if (t.pending.length + seen.length <= MAX_PENDING) t.pending.push(...seen);
    }
  }

  function prune(now: number): void {
    if (now - lastPrune < throttleMs) return;
    lastPrune = now;
    for (const t of tenants.values()) for (const [key, at] of t.written) if (now - at >= throttleMs) t.written.delete(key);
  }

  async function flushAll(): Promise<void> {
    try {
      const now = clock().getTime();
      for (const [tenantId, t] of tenants) await flushTenant(tenantId, t, now);
      prune(now);
    } catch (e) {
      log('flush failed', e);
    }
  }

  const flushing = singleFlight(flushAll);
  const flush = flushing.run;

  const flushIntervalMs = options.flushIntervalMs ?? 1000;
  const timer = flushIntervalMs > 0 ? setInterval(() => void flush(), flushIntervalMs) : null;
  timer?.unref?.();

  return {
    name: 'lineage',
    observe,
    flush,
    async close() {
      if (timer) clearInterval(timer);
      await flushing.settled();
      await flush();
    },
  };
}

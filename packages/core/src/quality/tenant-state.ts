import { adoptOpenIssues, type PendingIssues } from './episodes.ts';
import type { FieldRange } from './field-ranges.ts';
import type { OpenIssueRow } from './quality-store.ts';
import { newPendingScores, type FieldGroup, type PendingScores } from './score-windows.ts';
import { newFieldState, newSeriesState, type FieldState, type SeriesState } from './series-state.ts';
import { seriesKey, TagTrie } from './series-key.ts';
import { newSourceClock, type SourceClock } from './source-clock.ts';

/** Everything the monitor holds for one tenant. */
export interface TenantState {
  tenantId: string;
  /** By measurement + tags in arrival order (several orders may alias one series). */
  trie: TagTrie<SeriesState>;
  seriesByKey: Map<string, SeriesState>;
  /** Every field state, flat, for the sweep. */
  fields: FieldState[];
  groups: Map<string, FieldGroup>;
  ranges: Map<string, Map<string, FieldRange>>;
  rangesLoadedAt: Map<string, number>;
  rangesVersion: number;
  /** Loading the issues a previous process left open; observe waits for it. */
  ready: Promise<void> | null;
  openIssuesToAdopt: Map<string, OpenIssueRow[]>;
  /** Event time per source (agent id, '' for points sent without one). */
  sources: Map<string, SourceClock>;
  pendingIssues: PendingIssues;
  pendingScores: PendingScores;
}

export function newTenantState(tenantId: string): TenantState {
  return {
    tenantId,
    trie: new TagTrie(),
    seriesByKey: new Map(),
    fields: [],
    groups: new Map(),
    ranges: new Map(),
    rangesLoadedAt: new Map(),
    rangesVersion: 0,
    ready: null,
    openIssuesToAdopt: new Map(),
    sources: new Map(),
    pendingIssues: new Set(),
    pendingScores: newPendingScores(),
  };
}

/** The clock of the source (agent id, or '' for points sent without one) the tenant's batch came from. */
export function sourceFor(tenant: TenantState, agentId: string | null): SourceClock {
  const name = agentId ?? '';
  let source = tenant.sources.get(name);
  if (!source) {
    source = newSourceClock();
    tenant.sources.set(name, source);
  }
  return source;
}

/** The series, now judged by `source`'s event time (the source that sent it last). */
export function seriesFor(tenant: TenantState, source: SourceClock, measurement: string, tags: Readonly<Record<string, string>>): SeriesState {
  const node = tenant.trie.node(measurement, tags);
  if (node.value) {
    node.value.source = source;
    return node.value;
  }
  const key = seriesKey(tags);
  const canonical = measurement + '\u0000' + key;
  let series = tenant.seriesByKey.get(canonical);
  if (!series) {
    series = newSeriesState(measurement, key, source);
    tenant.seriesByKey.set(canonical, series);
  }
  series.source = source;
  series.trieNodes.push(node);
  node.value = series;
  return series;
}

export function issueKey(measurement: string, series: string, field: string): string {
  return `${measurement}\u0000${series}\u0000${field}`;
}

/** The field's state, made on its first sample (continuing any issue a previous process left open on it). */
export function fieldFor(tenant: TenantState, series: SeriesState, field: string): FieldState {
  let fieldState = series.fields.get(field);
  if (fieldState) return fieldState;
  const groupKey = series.measurement + '\u0000' + field;
  let group = tenant.groups.get(groupKey);
  if (!group) {
    group = { measurement: series.measurement, field, pending: new Map() };
    tenant.groups.set(groupKey, group);
  }
  fieldState = newFieldState(series, field, group);
  series.fields.set(field, fieldState);
  tenant.fields.push(fieldState);
  const key = issueKey(series.measurement, series.key, field);
  const rows = tenant.openIssuesToAdopt.get(key);
  if (rows) {
    tenant.openIssuesToAdopt.delete(key);
    adoptOpenIssues(fieldState, rows);
  }
  return fieldState;
}

/** Drops a field from memory; its series goes with its last field. */
export function forgetField(tenant: TenantState, fieldState: FieldState): void {
  const series = fieldState.series;
  series.fields.delete(fieldState.field);
  series.usualFields = series.usualFields.filter((usual) => usual !== fieldState);
  if (series.fields.size > 0) return;
  tenant.seriesByKey.delete(`${series.measurement}\u0000${series.key}`);
  for (const node of series.trieNodes) node.value = undefined;
}

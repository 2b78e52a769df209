import { adoptOpenIssues, type PendingIssues } from './episodes.ts';
import type { FieldRange } from './field-ranges.ts';
import type { OpenIssueRow } from './quality-store.ts';
import { newPendingScores, type FieldGroup, type PendingScores } from './score-windows.ts';
import { newFieldState, newSeriesState, type FieldState, type SeriesState } from './series-state.ts';
import { seriesKey, TagTrie } from './series-key.ts';

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
  /** The latest point time seen (event time, ms; −∞ before any point). */
  watermark: number;
  /** The clock when the tenant's last points arrived. */
  lastArrival: number;
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
    watermark: Number.NEGATIVE_INFINITY,
    lastArrival: 0,
    pendingIssues: new Set(),
    pendingScores: newPendingScores(),
  };
}

/**
 * The event time the tenant has reached, for what no sample of the field itself can tell: a
 * silent field's freshness, closing windows and cleared issues. Results must not depend on
 * when points arrive (a stream consumer that lagged catches up in big batches), so this is the
 * latest point time of the tenant's series: a field is stale when the other series have moved on
 * without it. Only when the whole tenant has been silent for `tenantSilentAfterMs` on the clock
 * (no batch at all, so no watermark to go by) does the clock move it on, by the time past that.
 * Series of one tenant sent by agents lagging far apart would look stale to each other; one
 * agent's series, or agents in step, do not.
 */
export function eventTimeReached(tenant: TenantState, now: number, tenantSilentAfterMs: number): number {
  const silentFor = now - tenant.lastArrival - tenantSilentAfterMs;
  return silentFor > 0 ? tenant.watermark + silentFor : tenant.watermark;
}

export function seriesFor(tenant: TenantState, measurement: string, tags: Readonly<Record<string, string>>): SeriesState {
  const node = tenant.trie.node(measurement, tags);
  if (node.value) return node.value;
  const key = seriesKey(tags);
  const canonical = measurement + '\u0000' + key;
  let series = tenant.seriesByKey.get(canonical);
  if (!series) {
    series = newSeriesState(measurement, key);
    tenant.seriesByKey.set(canonical, series);
  }
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

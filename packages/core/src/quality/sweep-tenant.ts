import { checkFreshness } from './checks/freshness-check.ts';
import { closeClearedEpisodes, recordFinding } from './episodes.ts';
import type { MonitorSettings } from './evaluate-sample.ts';
import { closeFieldWindow } from './score-windows.ts';
import { eventTimeReached } from './source-clock.ts';
import { forgetField, type TenantState } from './tenant-state.ts';

export interface SweepSettings extends MonitorSettings {
  /** A window is closed this long after its end even if the field sent nothing since (late samples still count, on their own). */
  graceMs: number;
  forgetAfterMs: number;
  sourceSilentAfterMs: number;
}

/**
 * What only the passing of time decides, as of the tenant's event time: windows nobody's
 * sample closed, silent fields (freshness), cleared issues to close, and fields silent long
 * enough with nothing open to forget.
 */
export function sweepTenant(settings: SweepSettings, tenant: TenantState, now: number): void {
  if (tenant.sources.size === 0) return;
  for (const source of tenant.sources.values()) source.reached = eventTimeReached(source, now, settings.sourceSilentAfterMs);
  const minStaleMs = settings.thresholds.freshnessMinSeconds * 1000;
  const fields = tenant.fields;
  let forgotten = false;
  for (let i = 0; i < fields.length; i++) {
    const fieldState = fields[i]!;
    const source = fieldState.series.source;
    const reached = source.reached;
    if (fieldState.windowStart >= 0 && reached >= fieldState.windowStart + settings.windowMs + settings.graceMs) closeFieldWindow(tenant.pendingScores, fieldState);
    const silence = reached - fieldState.lastTime;
    // Nothing can be stale before the shortest freshness threshold: most fields stop here.
    if (silence > minStaleMs) {
      const finding = checkFreshness(fieldState, fieldState, reached, settings.thresholds);
      if (finding) {
        fieldState.stale = true;
        recordFinding(tenant.pendingIssues, fieldState, { check: 'freshness', finding, time: reached, startedAt: finding.staleSince }, source.watermark, settings.clearAfterMs);
      }
    }
    if (fieldState.openEpisodes > 0) closeClearedEpisodes(tenant.pendingIssues, fieldState, reached, settings.clearAfterMs);
    if (silence > settings.forgetAfterMs && fieldState.openEpisodes === 0 && fieldState.windowStart < 0) {
      forgetField(tenant, fieldState);
      fields[i] = fields[fields.length - 1]!;
      fields.pop();
      i--;
      forgotten = true;
    }
  }
  if (forgotten) tenant.trie.prune();
}

import type { Database } from '@facilflow/db/client';
import type { Episode } from './episodes.ts';
import { SEVERITY } from './quality-thresholds.ts';
import { writeQuality, type IssueWrite } from './quality-store.ts';
import { restorePendingScores, takePendingScores } from './score-windows.ts';
import type { TenantState } from './tenant-state.ts';

/**
 * Writes the tenant's changed issues and closed windows in one transaction. On failure they
 * go back to pending (windows added to what closed meanwhile) for the next flush, and the
 * error is rethrown for the caller to log.
 */
export async function flushTenant(db: Database, tenant: TenantState, windowSeconds: number): Promise<void> {
  if (tenant.pendingIssues.size === 0 && tenant.pendingScores.size === 0) return;
  const episodes = [...tenant.pendingIssues];
  tenant.pendingIssues.clear();
  const issues = episodes.map(issueWrite);
  const scores = takePendingScores(tenant.pendingScores);
  try {
    await writeQuality(
      db,
      tenant.tenantId,
      {
        issues,
        windows: scores.windows.map(({ group, window }) => ({ measurement: group.measurement, field: group.field, ...window })),
        seriesWindows: scores.seriesWindows,
      },
      windowSeconds,
    );
    for (const episode of episodes) episode.persisted = true;
  } catch (error) {
    for (const episode of episodes) tenant.pendingIssues.add(episode);
    restorePendingScores(tenant.pendingScores, scores);
    throw error;
  }
}

/** The row as of the episode's evidence; a closed episode's last sighting is its last hit. */
function issueWrite(episode: Episode): IssueWrite {
  const closed = episode.closedAt !== null;
  return {
    id: episode.id,
    insert: !episode.persisted,
    measurement: episode.field.series.measurement,
    series: episode.field.series.key,
    field: episode.field.field,
    check: episode.check,
    severity: SEVERITY[episode.check],
    message: episode.evidence.message,
    details: { ...episode.evidence.details, occurrences: episode.evidenceHits },
    startedAt: new Date(episode.startedAt),
    lastSeenAt: new Date(closed ? episode.lastSeenAt : episode.evidenceAt),
    endedAt: closed ? new Date(episode.closedAt!) : null,
  };
}

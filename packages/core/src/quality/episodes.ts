import type { QualityCheck } from '@facilflow/contracts';
import { newId } from '../ids.ts';
import type { Finding } from './checks/finding.ts';
import { CHECK_BITS } from './quality-thresholds.ts';
import type { OpenIssueRow } from './quality-store.ts';
import type { FieldState } from './series-state.ts';

/**
 * One issue while this process holds it: opened on the first flagged sample (one open issue per
 * series, field and check), cleared by the first sample its check does not flag, closed once
 * the tenant's event time is `clearAfter` past the clearing. Every time here is event time, so
 * a backlog replayed in big batches opens and closes the same issues as real time did.
 */
export interface Episode {
  id: string;
  field: FieldState;
  check: QualityCheck;
  slot: number;
  startedAt: number;
  lastSeenAt: number;
  hits: number;
  /** Event time the condition cleared; null while it holds. */
  clearedAt: number | null;
  closedAt: number | null;
  /** The evidence written, taken at `evidenceAt` after `evidenceHits` hits. */
  evidence: Finding;
  evidenceAt: number;
  evidenceHits: number;
  persisted: boolean;
}

/** Evidence is retaken at most this often in event time, so the rows written do not depend on how often the monitor flushes. */
const EVIDENCE_REFRESH_MS = 10_000;

export const CHECK_SLOT = Object.fromEntries(CHECK_BITS.map((check, slot) => [check, slot])) as Record<QualityCheck, number>;

/** Episodes changed since the last flush: opened, with new evidence, or closed. */
export type PendingIssues = Set<Episode>;

export interface FindingAt {
  check: QualityCheck;
  finding: Finding;
  time: number;
  /** When the issue started if it opens now (a silence starts before it is noticed); default `time`. */
  startedAt?: number;
  /** Retake the evidence even if it is recent: the sample ending a silence says how long it was. */
  freshEvidence?: boolean;
}

/**
 * Adds a flagged sample to the field's episode of that check, opening one if none is open. An
 * episode cleared for `clearAfterMs` by the tenant's watermark is closed first, as a tick in
 * between would have: whether ticks ran between two batches changes nothing.
 */
export function recordFinding(pending: PendingIssues, fieldState: FieldState, at: FindingAt, watermark: number, clearAfterMs: number): Episode {
  const slot = CHECK_SLOT[at.check];
  const episodes = (fieldState.episodes ??= new Array<Episode | undefined>(CHECK_BITS.length));
  let episode = episodes[slot];
  if (episode && episode.clearedAt !== null && watermark - episode.clearedAt >= clearAfterMs) {
    closeEpisode(pending, fieldState, slot);
    episode = undefined;
  }
  if (!episode) {
    episode = {
      id: newId('qi'),
      field: fieldState,
      check: at.check,
      slot,
      startedAt: at.startedAt ?? at.time,
      lastSeenAt: at.time,
      hits: 1,
      clearedAt: null,
      closedAt: null,
      evidence: at.finding,
      evidenceAt: at.time,
      evidenceHits: 1,
      persisted: false,
    };
    episodes[slot] = episode;
    fieldState.openEpisodes++;
    pending.add(episode);
    return episode;
  }
  episode.hits++;
  if (at.time > episode.lastSeenAt) episode.lastSeenAt = at.time;
  episode.clearedAt = null;
  if (at.freshEvidence || at.time - episode.evidenceAt >= EVIDENCE_REFRESH_MS) {
    episode.evidence = at.finding;
    episode.evidenceAt = at.time;
    episode.evidenceHits = episode.hits;
    pending.add(episode);
  }
  return episode;
}

/** Sample checks clear on the first sample they do not flag (`flags`: the checks that flagged it); freshness clears on its own. */
export function clearEpisodes(fieldState: FieldState, flags: number, time: number, freshnessSlot: number): void {
  const episodes = fieldState.episodes!;
  for (let slot = 0; slot < episodes.length; slot++) {
    const episode = episodes[slot];
    if (!episode || episode.clearedAt !== null || (flags & (1 << slot)) !== 0 || slot === freshnessSlot) continue;
    episode.clearedAt = time;
  }
}

export function clearEpisode(fieldState: FieldState, slot: number, time: number): void {
  const episode = fieldState.episodes?.[slot];
  if (episode && episode.clearedAt === null) episode.clearedAt = time;
}

/** Closes the field's episodes cleared for `clearAfterMs` as of `reference` (event time). */
export function closeClearedEpisodes(pending: PendingIssues, fieldState: FieldState, reference: number, clearAfterMs: number): void {
  const episodes = fieldState.episodes!;
  for (let slot = 0; slot < episodes.length; slot++) {
    const episode = episodes[slot];
    if (episode && episode.clearedAt !== null && reference - episode.clearedAt >= clearAfterMs) closeEpisode(pending, fieldState, slot);
  }
}

function closeEpisode(pending: PendingIssues, fieldState: FieldState, slot: number): void {
  const episode = fieldState.episodes![slot]!;
  episode.closedAt = Math.max(episode.clearedAt!, episode.startedAt);
  pending.add(episode);
  fieldState.episodes![slot] = undefined;
  fieldState.openEpisodes--;
}

/** Issues left open by a previous process are continued, not opened a second time. */
export function adoptOpenIssues(fieldState: FieldState, rows: readonly OpenIssueRow[]): void {
  for (const row of rows) {
    const slot = CHECK_SLOT[row.check as QualityCheck];
    if (slot === undefined) continue;
    const episodes = (fieldState.episodes ??= new Array<Episode | undefined>(CHECK_BITS.length));
    if (episodes[slot]) continue;
    const lastSeenAt = row.lastSeenAt.getTime();
    episodes[slot] = {
      id: row.id,
      field: fieldState,
      check: row.check as QualityCheck,
      slot,
      startedAt: row.startedAt.getTime(),
      lastSeenAt,
      hits: 1,
      clearedAt: null,
      closedAt: null,
      evidence: { message: row.message, details: (row.details as Record<string, unknown> | null) ?? {} },
      evidenceAt: lastSeenAt,
      evidenceHits: 1,
      persisted: true,
    };
    fieldState.openEpisodes++;
  }
}

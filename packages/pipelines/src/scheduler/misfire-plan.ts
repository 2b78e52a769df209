import type { PipelineTrigger } from '@facilflow/contracts';

type CronTrigger = Extract<PipelineTrigger, { type: 'cron' }>;

export interface MisfirePlan {
  /** Firings to run now, oldest first, each with the range it covers. */
  runs: { fireAt: number; range: { from: number; to: number } }[];
  /** Missed firings counted that will not run. */
  skipped: number;
  /** Older missed firings were not looked for (more than maxCatchUp were missed): none of them runs. */
  earlierSkipped: boolean;
}

/** How many of the newest missed firings the policy needs to see. */
export function misfireLookup(misfire: CronTrigger['misfire']): number {
  return misfire.policy === 'once' ? 1 : misfire.maxCatchUp;
}

/**
 * What to do with firings missed while no scheduler ran or the schedule was paused: `missed`
 * are the newest of them (oldest first, each with its slot, as many as misfireLookup asks),
 * `earlier` says there were older ones, `gapFrom` is where the first missed slot starts. `skip`
 * runs none; `once` runs one covering every missed slot, from `gapFrom` to the last firing;
 * `all` runs each of the newest `maxCatchUp`.
 */
export function planMisfires(
  misfire: CronTrigger['misfire'],
  missed: readonly { fireAt: number; range: { from: number; to: number } }[],
  earlier: boolean,
  gapFrom: number,
): MisfirePlan {
  const last = missed[missed.length - 1];
  if (!last) return { runs: [], skipped: 0, earlierSkipped: false };
  switch (misfire.policy) {
    case 'skip':
      return { runs: [], skipped: missed.length, earlierSkipped: earlier };
    case 'once':
      return { runs: [{ fireAt: last.fireAt, range: { from: gapFrom, to: last.range.to } }], skipped: 0, earlierSkipped: false };
    case 'all': {
      const kept = missed.slice(-misfire.maxCatchUp);
      return { runs: kept, skipped: missed.length - kept.length, earlierSkipped: earlier };
    }
  }
}

import type { PipelineTrigger } from '@facilflow/contracts';

type CronTrigger = Extract<PipelineTrigger, { type: 'cron' }>;

export interface MisfirePlan {
  /** Firings to run now, oldest first, each with the range it covers. */
  runs: { fireAt: number; range: { from: number; to: number } }[];
  /** Missed firings that will not run. */
  skipped: number;
}

/**
 * What to do with firings missed while no scheduler ran (`missed`, oldest first, each with its
 * slot): `skip` runs none; `once` runs one covering every missed slot, from the first slot's
 * start to the last firing; `all` runs each, the newest `maxCatchUp` when more were missed.
 */
export function planMisfires(misfire: CronTrigger['misfire'], missed: readonly { fireAt: number; range: { from: number; to: number } }[], earlierSkipped: number): MisfirePlan {
  if (missed.length === 0) return { runs: [], skipped: earlierSkipped };
  switch (misfire.policy) {
    case 'skip':
      return { runs: [], skipped: missed.length + earlierSkipped };
    case 'once': {
      const first = missed[0] as (typeof missed)[number];
      const last = missed[missed.length - 1] as (typeof missed)[number];
      return { runs: [{ fireAt: last.fireAt, range: { from: first.range.from, to: last.range.to } }], skipped: earlierSkipped };
    }
    case 'all': {
      const kept = missed.slice(-misfire.maxCatchUp);
      return { runs: kept, skipped: missed.length - kept.length + earlierSkipped };
    }
  }
}

import type { PipelineTrigger } from '@facilflow/contracts';

type CronTrigger = Extract<PipelineTrigger, { type: 'cron' }>;

/** One cron trigger of one published pipeline version, as the scheduler keeps it. */
export interface CronSchedule {
  /** `<tenantId>.<pipelineId>.<triggerIndex>`: the queue's schedule id, and the key firings are de-duplicated by. */
  id: string;
  tenantId: string;
  pipelineId: string;
  version: number;
  expression: string;
  timezone: string;
  misfire: CronTrigger['misfire'];
  /** From when firings count as missed when none was recorded yet (epoch ms: when the pipeline was started or the version published, the later). */
  since: number;
  /** When the pipeline was last started (epoch ms): firings recorded before it, while it was stopped, do not make a gap to catch up. */
  startedAt: number;
}

export function cronScheduleId(tenantId: string, pipelineId: string, triggerIndex: number): string {
  return `${tenantId}.${pipelineId}.${triggerIndex}`;
}

/** What a firing hands the run it starts. */
export interface CronFiring {
  schedule: CronSchedule;
  fireAt: number;
  range: { from: number; to: number };
  /** Run at start for firings missed while no scheduler ran. */
  catchUp: boolean;
}

/** Where the last firing of each schedule is kept (the database), so downtime is measured across restarts. */
export interface ScheduleState {
  lastFiredAt(schedule: CronSchedule): Promise<number | null>;
  /** Keeps the latest instant recorded: firings run concurrently and may finish out of order. */
  recordFired(schedule: CronSchedule, fireAt: number): Promise<void>;
}

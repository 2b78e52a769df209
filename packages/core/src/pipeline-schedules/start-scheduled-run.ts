import type { RunRecord, TenantScope } from '@facilflow/contracts';
import { and, eq, hasPgCode, schema, UNIQUE_VIOLATION, type Tx } from '@facilflow/db';
import type { CronFiring } from '@facilflow/pipelines';
import { enqueueQueuedRun } from '../pipeline-runs/run-job.ts';
import { queueRunIn } from '../pipelines/queue-run.ts';
import { toRunRecord } from '../pipelines/to-run.ts';
import type { Services } from '../services.ts';

export type ScheduledRunOutcome = { started: true; run: RunRecord; again: boolean } | { started: false; reason: string };

/** The key a firing's run carries: one run per (schedule, fire time). */
export function scheduleFiringKey(firing: Pick<CronFiring, 'schedule' | 'fireAt'>): string {
  return `${firing.schedule.id}@${firing.fireAt}`;
}

/** The scope a cron run acts in: its schedule's tenant, as the system. */
export function scheduleScope(firing: Pick<CronFiring, 'schedule'>): TenantScope {
  return { tenantId: firing.schedule.tenantId, actor: { type: 'system', name: `schedule:${firing.schedule.id}` }, role: 'service' };
}

/**
 * Starts the run of a cron firing: queued with trigger `cron`, the firing's slot as its range,
 * pinned to the schedule's version, and handed to the run workers. A firing delivered twice (a
 * retry, a catch-up beside a tick, two nodes) finds the run the first started and hands that on
 * again, which the run queue's job id de-duplicates. A schedule paused, or a pipeline stopped,
 * since the firing was queued starts nothing.
 */
export async function startScheduledRun(services: Services, firing: CronFiring): Promise<ScheduledRunOutcome> {
  const scope = scheduleScope(firing);
  const key = scheduleFiringKey(firing);
  const queued = async (): Promise<ScheduledRunOutcome> =>
    services.db.withTenant(scope.tenantId, async (tx) => {
      const existing = await findFiringRun(tx, key);
      if (existing) return { started: true, run: existing, again: true };
      const [pipeline] = await tx.select().from(schema.pipelines).where(eq(schema.pipelines.id, firing.schedule.pipelineId)).limit(1).for('update');
      if (pipeline?.status !== 'active') return { started: false, reason: pipeline ? `the pipeline is ${pipeline.status}` : 'the pipeline is gone' };
      const [paused] = await tx.select().from(schema.pipelineSchedules).where(eq(schema.pipelineSchedules.scheduleId, firing.schedule.id)).limit(1);
      if (paused) return { started: false, reason: 'the schedule is paused' };
      const range = { from: new Date(firing.range.from), to: new Date(firing.range.to) };
      const run = await queueRunIn(tx, services, scope, { pipelineId: firing.schedule.pipelineId, version: firing.schedule.version, trigger: 'cron', range, scheduleFiring: key });
      return { started: true, run, again: false };
    });
  let outcome: ScheduledRunOutcome;
  try {
    outcome = await queued();
  } catch (error) {
    // Another node queued the same firing's run between our look and our insert: it is that run.
    if (!hasPgCode(error, UNIQUE_VIOLATION)) throw error;
    outcome = await queued();
  }
  if (outcome.started) await enqueueQueuedRun(services, scope, outcome.run);
  return outcome;
}

async function findFiringRun(tx: Tx, key: string): Promise<RunRecord | null> {
  const [row] = await tx
    .select({ run: schema.pipelineRuns, pipelineName: schema.pipelines.name })
    .from(schema.pipelineRuns)
    .innerJoin(schema.pipelines, and(eq(schema.pipelines.tenantId, schema.pipelineRuns.tenantId), eq(schema.pipelines.id, schema.pipelineRuns.pipelineId)))
    .where(eq(schema.pipelineRuns.scheduleFiring, key))
    .limit(1);
  return row ? toRunRecord(row.run, row.pipelineName) : null;
}

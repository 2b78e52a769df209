import { pipelineSpecSchema } from '@facilflow/contracts';
import { and, eq, schema, type Tx } from '@facilflow/db';
import { cronScheduleId, type CronSchedule } from '@facilflow/pipelines';

/** A cron schedule with what people see of it besides what the scheduler needs. */
export interface LoadedSchedule extends CronSchedule {
  pipelineName: string;
  paused: { at: Date; by: string } | null;
  lastFiredAt: Date | null;
}

/**
 * The cron triggers of the tenant's active pipelines, each pinned to the pipeline's latest
 * published version, in the transaction's tenant (row-level security scopes every table read).
 */
export async function loadCronSchedules(tx: Tx, options: { pipelineId?: string | undefined } = {}): Promise<LoadedSchedule[]> {
  const { pipelines, pipelineVersions: versions } = schema;
  const rows = await tx
    .select({ pipeline: pipelines, spec: versions.spec, publishedAt: versions.publishedAt })
    .from(pipelines)
    .innerJoin(versions, and(eq(versions.tenantId, pipelines.tenantId), eq(versions.pipelineId, pipelines.id), eq(versions.version, pipelines.latestVersion)))
    .where(options.pipelineId === undefined ? eq(pipelines.status, 'active') : and(eq(pipelines.status, 'active'), eq(pipelines.id, options.pipelineId)))
    .orderBy(pipelines.name, pipelines.id);
  if (rows.length === 0) return [];
  const paused = new Map((await tx.select().from(schema.pipelineSchedules)).map((row) => [row.scheduleId, { at: row.pausedAt, by: row.pausedBy }]));
  const fired = new Map((await tx.select().from(schema.pipelineScheduleFirings)).map((row) => [row.scheduleId, row.lastFiredAt]));
  const schedules: LoadedSchedule[] = [];
  for (const { pipeline, spec, publishedAt } of rows) {
    const parsed = pipelineSpecSchema.safeParse(spec);
    const version = pipeline.latestVersion;
    if (!parsed.success || version === null) continue;
    const startedAt = (pipeline.startedAt ?? pipeline.updatedAt).getTime();
    parsed.data.triggers.forEach((trigger, index) => {
      if (trigger.type !== 'cron') return;
      const id = cronScheduleId(pipeline.tenantId, pipeline.id, index);
      schedules.push({
        id,
        tenantId: pipeline.tenantId,
        pipelineId: pipeline.id,
        pipelineName: pipeline.name,
        version,
        expression: trigger.expression,
        timezone: trigger.timezone,
        misfire: trigger.misfire,
        since: Math.max(startedAt, publishedAt.getTime()),
        startedAt,
        paused: paused.get(id) ?? null,
        lastFiredAt: fired.get(id) ?? null,
      });
    });
  }
  return schedules;
}

/** What the scheduler keeps of a schedule (the queue's tick data): nothing that changes between firings. */
export function toCronSchedule(schedule: LoadedSchedule): CronSchedule {
  const { id, tenantId, pipelineId, version, expression, timezone, misfire, since, startedAt } = schedule;
  return { id, tenantId, pipelineId, version, expression, timezone, misfire, since, startedAt };
}

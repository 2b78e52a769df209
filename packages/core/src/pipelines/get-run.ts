import { STEP_STATUSES, type RunRecord, type StepStatus, type TenantScope } from '@facilflow/contracts';
import { eq, schema, sql } from '@facilflow/db';
import type { Services } from '../services.ts';
import { findRunRow } from './find-run.ts';
import { toRunRecord } from './to-run.ts';

const steps = schema.pipelineSteps;

/** The run and how its stages stand, counted by the status of each stage's latest attempt. */
export async function getRun(services: Services, scope: TenantScope, input: { id: string }): Promise<{ run: RunRecord; steps: Record<StepStatus, number> }> {
  return services.db.withTenant(scope.tenantId, async (tx) => {
    const { run, pipelineName } = await findRunRow(tx, input.id);
    const latest = await tx
      .selectDistinctOn([steps.stageId], { status: steps.status })
      .from(steps)
      .where(eq(steps.runId, run.id))
      .orderBy(steps.stageId, sql`${steps.attempt} desc`);
    const counts = Object.fromEntries(STEP_STATUSES.map((status) => [status, 0])) as Record<StepStatus, number>;
    for (const step of latest) counts[step.status as StepStatus] += 1;
    return { run: toRunRecord(run, pipelineName), steps: counts };
  });
}

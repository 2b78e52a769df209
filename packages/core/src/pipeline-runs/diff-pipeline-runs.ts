import type { TenantScope } from '@facilflow/contracts';
import { diffRuns, type RunDiff } from '@facilflow/pipelines';
import { asc, eq, schema } from '@facilflow/db';
import { findRunRow } from '../pipelines/find-run.ts';
import { toStep } from '../pipelines/to-run.ts';
import type { Services } from '../services.ts';

const steps = schema.pipelineSteps;

/** Two of the tenant's runs compared stage by stage: status, timing, rows and output samples. */
export function diffPipelineRuns(services: Services, scope: TenantScope, input: { a: string; b: string }): Promise<RunDiff> {
  return services.db.withTenant(scope.tenantId, async (tx) => {
    const stepsOf = async (runId: string) => {
      await findRunRow(tx, runId);
      return (await tx.select().from(steps).where(eq(steps.runId, runId)).orderBy(asc(steps.stageId), asc(steps.attempt))).map(toStep);
    };
    return diffRuns(await stepsOf(input.a), await stepsOf(input.b));
  });
}

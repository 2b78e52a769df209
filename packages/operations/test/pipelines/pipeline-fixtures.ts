import type { TenantScope } from '@facilflow/contracts';
import { createPipeline, createPostgresRunRecorder, publishPipeline, queueRun, startPipeline, updatePipeline, type Services } from '@facilflow/core';
import type { TestPlatform } from '@facilflow/testkit';
import { testEngine, validSpec } from '../../../core/test/pipelines/test-catalog.ts';

export { testEngine, validSpec };

/**
 * The registry validates specs against a catalog of known test components, so these suites
 * do not depend on which components the library holds.
 */
export function useTestCatalog(t: TestPlatform): void {
  t.runtime.services.pipelineEngine = testEngine;
}

export const uniquePipelineName = () => `pipeline ${Math.random().toString(36).slice(2, 10)}`;

/** Pipelines, versions and runs made the way the operations make them, for a tenant's owner. */
export function pipelineSeeds(t: TestPlatform, tenantId: string) {
  const services: Services = { ...t.platform.services, pipelineEngine: testEngine };
  const scope = async (): Promise<TenantScope> => ({ tenantId, actor: (await t.memberPrincipal(tenantId, 'owner')).actor, role: 'owner' });
  const draft = async (name = uniquePipelineName()) => (await createPipeline(services, await scope(), { spec: validSpec(name) })).pipeline.id;
  const published = async (name?: string) => {
    const id = await draft(name);
    await publishPipeline(services, await scope(), { id });
    return id;
  };
  return {
    draft,
    published,
    /** Published twice: version 2 reads 10 counter rows instead of 3. */
    async twoVersions() {
      const id = await published();
      const spec = validSpec(uniquePipelineName());
      spec.stages[0]!.with = { count: 10 };
      await updatePipeline(services, await scope(), { id, spec });
      await publishPipeline(services, await scope(), { id });
      return id;
    },
    /** Published and started with a daily cron trigger: its schedule id (schedules.list). */
    async scheduled() {
      const spec = { ...validSpec(uniquePipelineName()), triggers: [{ type: 'manual' }, { type: 'cron', expression: '0 6 * * *', timezone: 'Europe/Berlin' }] };
      const id = (await createPipeline(services, await scope(), { spec })).pipeline.id;
      await publishPipeline(services, await scope(), { id });
      await startPipeline(services, await scope(), { id });
      return `${tenantId}.${id}.1`;
    },
    async run(pipelineId?: string) {
      return (await queueRun(services, await scope(), { pipelineId: pipelineId ?? (await published()), trigger: 'manual' })).id;
    },
    /** A run that read rows in its first stage, recorded as the executor records one. */
    async recordedRun(pipelineId: string) {
      const runId = (await queueRun(services, await scope(), { pipelineId, trigger: 'manual' })).id;
      const recorder = createPostgresRunRecorder(services, tenantId);
      const at = new Date();
      await recorder.runStatus(runId, 'running', { at });
      await recorder.step({ runId, stageId: 'read', attempt: 1, status: 'succeeded', rowsIn: 0, rowsOut: 1, inputSample: [], outputSample: [{ n: 0 }], error: null, startedAt: at, endedAt: at });
      await recorder.keepOutput(runId, 'read', { rows: [{ n: 0 }], ports: {} });
      return runId;
    },
  };
}

import type { PipelineStep as RecordedStep, RunRecord, TenantScope } from '@facilflow/contracts';
import { createPipeline, getRun, listRunSteps, publishPipeline, startPipelineRun, type Services } from '@facilflow/core';
import { stageEvents, stageListeners, type StageEvent } from './worker-test-components.ts';

const ENDED = ['succeeded', 'failed', 'cancelled', 'timed_out'];

/** Polls the run's record until `done` holds (no time is asserted). */
export async function runWhen(services: Services, scope: TenantScope, runId: string, done: (run: RunRecord, steps: RecordedStep[]) => boolean) {
  for (;;) {
    const { run } = await getRun(services, scope, { id: runId });
    const { items } = await listRunSteps(services, scope, { runId, limit: 200 });
    if (done(run, items)) return { run, steps: items };
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export const runEnded = (services: Services, scope: TenantScope, runId: string) => runWhen(services, scope, runId, (run) => ENDED.includes(run.status));

/** Resolves with the first stage event (past or coming) that matches. */
export function stageEvent(match: (event: StageEvent) => boolean): Promise<StageEvent> {
  const seen = stageEvents.find(match);
  if (seen) return Promise.resolve(seen);
  return new Promise((resolve) => {
    const listener = (event: StageEvent): void => {
      if (!match(event)) return;
      stageListeners.delete(listener);
      resolve(event);
    };
    stageListeners.add(listener);
  });
}

/** Publishes a pipeline of `stages` and starts one run of it. */
export async function startRunOf(services: Services, scope: TenantScope, name: string, stages: unknown[]): Promise<RunRecord> {
  const { pipeline } = await createPipeline(services, scope, { spec: { name, triggers: [{ type: 'manual' }], stages } });
  await publishPipeline(services, scope, { id: pipeline.id });
  return startPipelineRun(services, scope, { pipelineId: pipeline.id, trigger: 'manual' });
}

import { runPipelineInput, runPipelineOutput } from '@facilflow/contracts';
import { startPipelineRun, pipelineSinkAttributes } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const pipelinesRun = defineOperation({
  name: 'pipelines.run',
  title: 'Run pipeline',
  description:
    'Starts a run now (trigger "manual"), pinned to a published version (the latest by default), with param values ' +
    '(defaults for the rest) and an optional time range its queries are bound to. The run is queued for a worker; ' +
    'follow it with runs.get and runs.steps. CONFLICT before the first publish or for an archived pipeline. ' +
    'Example: {"id": "pl_…", "range": {"from": "2026-12-01T00:00:00Z", "to": "2026-12-02T00:00:00Z"}}.',
  scope: 'tenant',
  permission: ['create', 'PipelineRun'],
  effect: 'write',
  input: runPipelineInput,
  output: runPipelineOutput,
  policyAttributes: (ctx, input) => pipelineSinkAttributes(ctx.services, ctx.scope, input.id, 'latest'),
  handler: async (ctx, input) => {
    const run = await startPipelineRun(ctx.services, ctx.scope, {
      pipelineId: input.id,
      version: input.version,
      trigger: 'manual',
      params: input.params,
      range: input.range ? { from: new Date(input.range.from), to: new Date(input.range.to) } : null,
    });
    ctx.progress({ progress: 1, total: 1, message: `run ${run.id} queued` });
    return { run };
  },
});

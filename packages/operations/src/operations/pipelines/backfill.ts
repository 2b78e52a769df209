import { backfillPipelineInput, backfillPipelineOutput } from '@facilflow/contracts';
import { startBackfill } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const pipelinesBackfill = defineOperation({
  name: 'pipelines.backfill',
  title: 'Backfill pipeline',
  description:
    'Runs a published pipeline over a past range in slices, one batch run per slice (trigger "backfill", the run\'s range ' +
    'set to the slice), pinned to one version. Only the slices no run of that version has computed are queued: ' +
    'succeeded ones are skipped and those still under way are left to their run, so calling it again over the same ' +
    'range fills the gaps only. At most 1000 slices. Example: {"id": "pl_…", "from": "2026-11-01T00:00:00Z", ' +
    '"to": "2026-11-08T00:00:00Z", "sliceMs": 86400000}.',
  scope: 'tenant',
  permission: ['create', 'PipelineRun'],
  effect: 'write',
  input: backfillPipelineInput,
  output: backfillPipelineOutput,
  handler: (ctx, input) =>
    startBackfill(ctx.services, ctx.scope, {
      pipelineId: input.id,
      version: input.version,
      from: new Date(input.from),
      to: new Date(input.to),
      sliceMs: input.sliceMs,
      params: input.params,
    }),
});

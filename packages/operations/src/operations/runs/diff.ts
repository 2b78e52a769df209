import { diffRunsInput, diffRunsOutput } from '@facilflow/contracts';
import { diffPipelineRuns } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const runsDiff = defineOperation({
  name: 'runs.diff',
  title: 'Compare runs',
  description:
    'Compares two runs stage by stage (each by its last attempt): status, duration, rows in and out, and the rows of ' +
    'the output samples found on one side only; changedStages lists those whose status, rows or sample differ. ' +
    'Example: {"a": "run_…", "b": "run_…"}.',
  scope: 'tenant',
  permission: ['read', 'PipelineRun'],
  effect: 'read',
  input: diffRunsInput,
  output: diffRunsOutput,
  handler: (ctx, input) => diffPipelineRuns(ctx.services, ctx.scope, input),
});

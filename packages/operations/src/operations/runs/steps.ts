import { runStepsInput, runStepsOutput } from '@facilflow/contracts';
import { listRunSteps } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const runsSteps = defineOperation({
  name: 'runs.steps',
  title: 'Run steps',
  description:
    'What each stage of a run did, every attempt in the order they started: status, rows in and out, duration, error ' +
    'and samples of the rows it read and wrote (up to 20 rows each, long strings cut). Use it to see where a run failed ' +
    'and on what data. Filter with stageId; page with nextCursor. Example: {"runId": "run_…", "stageId": "avg_1m"}.',
  scope: 'tenant',
  permission: ['read', 'PipelineRun'],
  effect: 'read',
  input: runStepsInput,
  output: runStepsOutput,
  handler: (ctx, input) => listRunSteps(ctx.services, ctx.scope, input),
});

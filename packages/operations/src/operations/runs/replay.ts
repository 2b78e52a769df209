import { replayRunInput, replayRunOutput } from '@facilflow/contracts';
import { replayPipelineRun } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const runsReplay = defineOperation({
  name: 'runs.replay',
  title: 'Replay run',
  description:
    'Starts a new run (trigger "replay") that runs one of your runs again from a stage: the stages upstream take the ' +
    'outputs the replayed run kept, the stage and everything downstream run again, on the same version or another ' +
    'published one, optionally with edited input rows. Compare the two with runs.diff. ' +
    'Example: {"runId": "run_…", "fromStage": "avg_1m"}.',
  scope: 'tenant',
  permission: ['create', 'PipelineRun'],
  effect: 'write',
  input: replayRunInput,
  output: replayRunOutput,
  handler: async (ctx, input) => ({ run: await replayPipelineRun(ctx.services, ctx.scope, input) }),
});

import { listRunsInput, listRunsOutput } from '@facilflow/contracts';
import { listRuns } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const runsList = defineOperation({
  name: 'runs.list',
  title: 'List pipeline runs',
  description:
    'Pipeline runs, newest first, of every pipeline or of one, optionally in one status (queued, running, paused, ' +
    'waiting_approval, succeeded, failed, cancelled, timed_out): the version each pinned, its trigger, time range, params, ' +
    'error and timing. Page with nextCursor. runs.steps shows what each stage did.',
  scope: 'tenant',
  permission: ['read', 'PipelineRun'],
  effect: 'read',
  input: listRunsInput,
  output: listRunsOutput,
  handler: (ctx, input) => listRuns(ctx.services, ctx.scope, input),
});

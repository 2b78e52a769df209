import { listDeadLettersInput, listDeadLettersOutput } from '@facilflow/contracts';
import { listDeadLetters } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const deadLettersList = defineOperation({
  name: 'deadLetters.list',
  title: 'List dead letters',
  description:
    'Telemetry ingest refused, newest first: per message the agent, the reason (code and words), how many points were ' +
    'refused and why (the others were stored), and whether it was replayed. Page with nextCursor. The tenant keeps the latest 10,000.',
  scope: 'tenant',
  permission: ['read', 'DeadLetter'],
  effect: 'read',
  input: listDeadLettersInput,
  output: listDeadLettersOutput,
  handler: (ctx, input) => listDeadLetters(ctx.services, ctx.scope, input),
});

import { purgeDeadLettersInput, purgeDeadLettersOutput } from '@facilflow/contracts';
import { planPurgeDeadLetters, purgeDeadLetters } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const deadLettersPurge = defineOperation({
  name: 'deadLetters.purge',
  title: 'Purge dead letters',
  description:
    'Deletes dead letters with their payloads: all of them, or only those replayed, of one agent, or received before a time. ' +
    'Destructive: the first call returns a plan (how many) and a confirmation token, the second call with the token applies it.',
  scope: 'tenant',
  permission: ['delete', 'DeadLetter'],
  effect: 'destructive',
  input: purgeDeadLettersInput,
  output: purgeDeadLettersOutput,
  plan: (ctx, input) => planPurgeDeadLetters(ctx.services, ctx.scope, input),
  handler: (ctx, input) => purgeDeadLetters(ctx.services, ctx.scope, input),
});

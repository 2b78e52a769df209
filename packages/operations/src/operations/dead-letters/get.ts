import { getDeadLetterInput, getDeadLetterOutput } from '@facilflow/contracts';
import { getDeadLetter } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const deadLettersGet = defineOperation({
  name: 'deadLetters.get',
  title: 'Dead letter',
  description:
    'One dead letter: the refused points (up to 100) with their reasons, and the start of the raw payload as received ' +
    '(payloadBytes, default 16 KiB; text, or base64 when it is not UTF-8).',
  scope: 'tenant',
  permission: ['read', 'DeadLetter'],
  effect: 'read',
  input: getDeadLetterInput,
  output: getDeadLetterOutput,
  handler: async (ctx, input) => ({ deadLetter: await getDeadLetter(ctx.services, ctx.scope, input) }),
});

import { expireSilenceInput, expireSilenceOutput } from '@facilflow/contracts';
import { expireSilence } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const silencesExpire = defineOperation({
  name: 'silences.expire',
  title: 'Expire silence',
  description:
    'Ends a silence now: notifications of the alerts it matched resume.',
  scope: 'tenant',
  permission: ['update', 'Alert'],
  effect: 'write',
  input: expireSilenceInput,
  output: expireSilenceOutput,
  handler: async (ctx, input) => ({ silence: await expireSilence(ctx.services, ctx.scope, input.id) }),
});

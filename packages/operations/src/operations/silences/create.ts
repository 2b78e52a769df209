import { createSilenceInput, createSilenceOutput } from '@facilflow/contracts';
import { createSilence } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const silencesCreate = defineOperation({
  name: 'silences.create',
  title: 'Create silence',
  description:
    'Mutes the notifications of matching alerts (severity, asset prefix, labels, rule) until endsAt, with a comment saying why. The ' +
    'alerts still fire, are stored and show live; only channels are not told (repeats and escalations wait too).',
  scope: 'tenant',
  permission: ['update', 'Alert'],
  effect: 'write',
  input: createSilenceInput,
  output: createSilenceOutput,
  handler: async (ctx, input) => ({ silence: await createSilence(ctx.services, ctx.scope, input) }),
});

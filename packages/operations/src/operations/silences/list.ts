import { listSilencesInput, listSilencesOutput } from '@facilflow/contracts';
import { listSilences } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const silencesList = defineOperation({
  name: 'silences.list',
  title: 'List silences',
  description:
    'Silences of this tenant, newest first (active and pending; with includeExpired also the ended ones): what they match, from when ' +
    'until when, who set them and why.',
  scope: 'tenant',
  permission: ['read', 'Alert'],
  effect: 'read',
  input: listSilencesInput,
  output: listSilencesOutput,
  handler: async (ctx, input) => ({ silences: await listSilences(ctx.services, ctx.scope, input) }),
});

import { shelveAlertInput, shelveAlertOutput } from '@facilflow/contracts';
import { shelveAlert } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const alertsShelve = defineOperation({
  name: 'alerts.shelve',
  title: 'Shelve alert',
  description:
    'Sets an open alert aside for a while (60 s to 24 h) with a reason, e.g. during maintenance; it comes back as firing by ' +
    'itself when the time is up, and still resolves when its condition clears.',
  scope: 'tenant',
  permission: ['update', 'Alert'],
  effect: 'write',
  input: shelveAlertInput,
  output: shelveAlertOutput,
  handler: async (ctx, input) => ({ alert: await shelveAlert(ctx.services, ctx.scope, input) }),
});

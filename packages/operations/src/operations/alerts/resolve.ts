import { resolveAlertInput, resolveAlertOutput } from '@facilflow/contracts';
import { resolveAlert } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const alertsResolve = defineOperation({
  name: 'alerts.resolve',
  title: 'Resolve alert',
  description:
    'Closes an open alert by hand whose condition is no longer true but was not resolved (its series went silent, its rule ' +
    'changed). Should the condition still hold, the rule raises a new alert.',
  scope: 'tenant',
  permission: ['update', 'Alert'],
  effect: 'write',
  input: resolveAlertInput,
  output: resolveAlertOutput,
  handler: async (ctx, input) => ({ alert: await resolveAlert(ctx.services, ctx.scope, input) }),
});

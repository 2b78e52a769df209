import { getAlertInput, getAlertOutput } from '@facilflow/contracts';
import { getAlert } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const alertsGet = defineOperation({
  name: 'alerts.get',
  title: 'Alert details',
  description: 'One alert with its transitions (triggered, acknowledged, shelved, unshelved, resolved): who, when, with what comment.',
  scope: 'tenant',
  permission: ['read', 'Alert'],
  effect: 'read',
  input: getAlertInput,
  output: getAlertOutput,
  handler: (ctx, input) => getAlert(ctx.services, ctx.scope, input.id),
});

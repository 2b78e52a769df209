import { acknowledgeAlertInput, acknowledgeAlertOutput } from '@facilflow/contracts';
import { acknowledgeAlert } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const alertsAcknowledge = defineOperation({
  name: 'alerts.acknowledge',
  title: 'Acknowledge alert',
  description: 'Takes a firing alert: it becomes acknowledged (with your comment) and stays open until its condition clears.',
  scope: 'tenant',
  permission: ['update', 'Alert'],
  effect: 'write',
  input: acknowledgeAlertInput,
  output: acknowledgeAlertOutput,
  handler: async (ctx, input) => ({ alert: await acknowledgeAlert(ctx.services, ctx.scope, input) }),
});

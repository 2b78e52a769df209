import { listAlertsInput, listAlertsOutput } from '@facilflow/contracts';
import { listAlerts } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const alertsList = defineOperation({
  name: 'alerts.list',
  title: 'Alerts',
  description:
    'Alerts raised by the alert rules, newest first: open ones (firing, acknowledged, shelved) by default, or one state; filter ' +
    'by severity and rule; each with its series, value, summary and who acknowledged or shelved it. Page with nextCursor.',
  scope: 'tenant',
  permission: ['read', 'Alert'],
  effect: 'read',
  input: listAlertsInput,
  output: listAlertsOutput,
  handler: (ctx, input) => listAlerts(ctx.services, ctx.scope, input),
});

import { listMaintenanceWindowsInput, listMaintenanceWindowsOutput } from '@facilflow/contracts';
import { listMaintenanceWindows } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const maintenanceWindowsList = defineOperation({
  name: 'maintenanceWindows.list',
  title: 'List maintenance windows',
  description:
    'Maintenance windows of this tenant: one-off (start, end) or weekly (days, local start time, duration, IANA time zone), and the ' +
    'alerts they mute.',
  scope: 'tenant',
  permission: ['read', 'Notification'],
  effect: 'read',
  input: listMaintenanceWindowsInput,
  output: listMaintenanceWindowsOutput,
  handler: async (ctx) => ({ maintenanceWindows: await listMaintenanceWindows(ctx.services, ctx.scope) }),
});

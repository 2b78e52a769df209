import { createMaintenanceWindowInput, createMaintenanceWindowOutput } from '@facilflow/contracts';
import { createMaintenanceWindow } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const maintenanceWindowsCreate = defineOperation({
  name: 'maintenanceWindows.create',
  title: 'Create maintenance window',
  description:
    'Mutes the notifications of matching alerts while the window is open: once, or every week on the given days at a local time in an ' +
    'IANA zone (e.g. sat 22:00 Europe/Berlin for 6 hours, the same local time on both sides of a daylight-saving change). Alerts still ' +
    'fire and show.',
  scope: 'tenant',
  permission: ['create', 'Notification'],
  effect: 'write',
  input: createMaintenanceWindowInput,
  output: createMaintenanceWindowOutput,
  handler: async (ctx, input) => ({ maintenanceWindow: await createMaintenanceWindow(ctx.services, ctx.scope, input) }),
});

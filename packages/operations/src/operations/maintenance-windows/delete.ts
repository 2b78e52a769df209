import { deleteMaintenanceWindowInput, deleteMaintenanceWindowOutput } from '@facilflow/contracts';
import { deleteMaintenanceWindow, planDeleteMaintenanceWindow } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const maintenanceWindowsDelete = defineOperation({
  name: 'maintenanceWindows.delete',
  title: 'Delete maintenance window',
  description:
    'Deletes a maintenance window; the alerts it muted are notified again. Destructive: the first call returns a plan and a ' +
    'confirmation token.',
  scope: 'tenant',
  permission: ['delete', 'Notification'],
  effect: 'destructive',
  input: deleteMaintenanceWindowInput,
  output: deleteMaintenanceWindowOutput,
  plan: (ctx, input) => planDeleteMaintenanceWindow(ctx.services, ctx.scope, input.id),
  handler: (ctx, input) => deleteMaintenanceWindow(ctx.services, ctx.scope, input.id),
});

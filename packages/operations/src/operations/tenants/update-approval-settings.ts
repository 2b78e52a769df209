import { FacilFlowError, MODEL_FACING_FRONTS, updateApprovalSettingsInput, updateApprovalSettingsOutput, type Front } from '@facilflow/contracts';
import { updateApprovalSettings } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const tenantsUpdateApprovalSettings = defineOperation({
  name: 'tenants.updateApprovalSettings',
  title: 'Approval settings',
  description:
    'Chooses who may approve what a model asked for: with elicitationApproves true, the person at an MCP client that ' +
    'supports elicitation may approve a pending request in the client\'s own prompt; false (the default), only approvals ' +
    'in the web app or the CLI count. Admins only, from the web app or the CLI, never through a model. Returns the settings.',
  scope: 'tenant',
  permission: ['update', 'Tenant'],
  effect: 'write',
  input: updateApprovalSettingsInput,
  output: updateApprovalSettingsOutput,
  handler: async (ctx, input) => {
    // A model must not widen who approves its own requests.
    if ((MODEL_FACING_FRONTS as readonly Front[]).includes(ctx.via)) {
      throw new FacilFlowError('FORBIDDEN', `Approval settings are changed in the web app or with the CLI, never through ${ctx.via}`);
    }
    return { settings: await updateApprovalSettings(ctx.services, ctx.scope, input) };
  },
});

import { listClassificationsInput, listClassificationsOutput } from '@facilflow/contracts';
import { listClassifications } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const governanceListClassifications = defineOperation({
  name: 'governance.listClassifications',
  title: 'Data classifications',
  description:
    'The classification labels (public, internal, confidential, restricted) on measurements and fields (field "*" labels every ' +
    'field of a measurement), and the lowest role that sees each label\'s values. Fields a caller\'s role may not see are left ' +
    'out of telemetry.query, telemetry.latest and exports.',
  scope: 'tenant',
  permission: ['read', 'Governance'],
  effect: 'read',
  input: listClassificationsInput,
  output: listClassificationsOutput,
  handler: (ctx, input) => listClassifications(ctx.services, ctx.scope, input),
});

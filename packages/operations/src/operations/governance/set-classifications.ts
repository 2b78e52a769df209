import { setClassificationsInput, setClassificationsOutput } from '@facilflow/contracts';
import { setClassifications } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const governanceSetClassifications = defineOperation({
  name: 'governance.setClassifications',
  title: 'Classify data',
  description:
    'Labels measurements and fields: classifications [{ measurement, field (or "*"), label (null removes it) }], and optionally ' +
    'labelMinRoles, the lowest role that sees a label\'s values (defaults: public and internal viewer, confidential engineer, ' +
    'restricted admin). Admins and owners. Returns every classification.',
  scope: 'tenant',
  permission: ['update', 'Governance'],
  effect: 'write',
  input: setClassificationsInput,
  output: setClassificationsOutput,
  handler: (ctx, input) => setClassifications(ctx.services, ctx.scope, input),
});

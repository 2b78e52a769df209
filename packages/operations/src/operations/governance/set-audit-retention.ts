import { setAuditRetentionInput, setAuditRetentionOutput } from '@facilflow/contracts';
import { planAuditRetention, setAuditRetention } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const governanceSetAuditRetention = defineOperation({
  name: 'governance.setAuditRetention',
  title: 'Set audit-log retention',
  description:
    'Sets how many days (30 to 36500) the audit log keeps a record. A shorter period deletes records at the next sweep, so the ' +
    'call asks for confirmation (and, from a model, approval). Admins and owners. Returns the retention.',
  scope: 'tenant',
  permission: ['update', 'Governance'],
  effect: 'destructive',
  input: setAuditRetentionInput,
  output: setAuditRetentionOutput,
  plan: (ctx, input) => planAuditRetention(ctx.services, ctx.scope, input),
  handler: async (ctx, input) => ({ auditRetention: await setAuditRetention(ctx.services, ctx.scope, input) }),
});

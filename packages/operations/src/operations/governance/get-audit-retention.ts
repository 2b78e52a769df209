import { getAuditRetentionInput, getAuditRetentionOutput } from '@facilflow/contracts';
import { getAuditRetention } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const governanceGetAuditRetention = defineOperation({
  name: 'governance.getAuditRetention',
  title: 'Audit-log retention',
  description: 'How many days the tenant\'s audit log keeps a record (365 unless an admin chose otherwise); an hourly sweep deletes older records.',
  scope: 'tenant',
  permission: ['read', 'Governance'],
  effect: 'read',
  input: getAuditRetentionInput,
  output: getAuditRetentionOutput,
  handler: async (ctx) => ({ auditRetention: await getAuditRetention(ctx.services, ctx.scope) }),
});

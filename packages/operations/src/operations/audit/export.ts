import { exportAuditInput, exportAuditOutput } from '@facilflow/contracts';
import { exportAudit } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const auditExport = defineOperation({
  name: 'audit.export',
  title: 'Export audit log',
  description:
    'The tenant\'s audit records in [from, to), oldest first, as CSV (header row) or JSON Lines: one page bounded by maxRows and ' +
    'maxBytes, answered inline (`content`) and stored as a file in the tenant\'s object storage (`key`). When `truncated`, ask ' +
    'again with cursor: nextCursor for the next page.',
  scope: 'tenant',
  permission: ['read', 'AuditLog'],
  effect: 'write',
  input: exportAuditInput,
  output: exportAuditOutput,
  handler: (ctx, input) => exportAudit(ctx.services, ctx.scope, input, ctx.signal),
});

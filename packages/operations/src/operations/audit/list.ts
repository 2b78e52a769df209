import { listAuditInput, listAuditOutput } from '@facilflow/contracts';
import { listAuditRecords } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const auditList = defineOperation({
  name: 'audit.list',
  title: 'Audit log',
  description:
    'Lists the tenant\'s audit records, newest first: who did what through which front (web, tRPC, MCP, Jarvis, CLI), ' +
    'with the outcome. Filter by actor, operation and time; page with nextCursor.',
  scope: 'tenant',
  permission: ['read', 'AuditLog'],
  effect: 'read',
  input: listAuditInput,
  output: listAuditOutput,
  handler: (ctx, input) => listAuditRecords(ctx.services, ctx.scope, input),
});

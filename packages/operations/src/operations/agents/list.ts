import { listAgentsInput, listAgentsOutput } from '@facilflow/contracts';
import { listAgents } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const agentsList = defineOperation({
  name: 'agents.list',
  title: 'List agents',
  description: 'Lists the tenant\'s edge agents with state (pending, online, offline, revoked), last heartbeat, store-and-forward backlog and config versions.',
  scope: 'tenant',
  permission: ['read', 'Agent'],
  effect: 'read',
  input: listAgentsInput,
  output: listAgentsOutput,
  handler: async (ctx) => ({ agents: await listAgents(ctx.services, ctx.scope) }),
});

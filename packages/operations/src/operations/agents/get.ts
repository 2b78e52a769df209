import { getAgentInput, getAgentOutput } from '@facilflow/contracts';
import { getAgent } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const agentsGet = defineOperation({
  name: 'agents.get',
  title: 'Agent details',
  description:
    'One agent in detail: its last status (sources and their connection state), last heartbeat (CPU, memory, buffer depth, ' +
    'points/s, drops), the desired configuration and the version it has applied.',
  scope: 'tenant',
  permission: ['read', 'Agent'],
  effect: 'read',
  input: getAgentInput,
  output: getAgentOutput,
  handler: (ctx, input) => getAgent(ctx.services, ctx.scope, input.agentId),
});

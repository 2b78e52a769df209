import { commandAgentInput, commandAgentOutput } from '@facilflow/contracts';
import { commandAgent, agentLineAttributes } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const agentsCommand = defineOperation({
  name: 'agents.command',
  title: 'Command agent',
  description:
    'Sends a command to a connected agent and returns its answer: restartSource (reconnect to a PLC), browse (one page of ' +
    'an OPC UA address space; pass continuationPoint for the next), readTag (current value, status and timestamps), ' +
    'flushBuffer (deliver the store-and-forward backlog now).',
  scope: 'tenant',
  permission: ['execute', 'Agent'],
  effect: 'write',
  input: commandAgentInput,
  output: commandAgentOutput,
  policyAttributes: (ctx, input) => agentLineAttributes(ctx.services, ctx.scope, input.agentId),
  handler: async (ctx, input) => ({ response: await commandAgent(ctx.services, ctx.scope, input) }),
});

import { updateAgentConfigInput, updateAgentConfigOutput } from '@facilflow/contracts';
import { updateAgentConfig, agentLineAttributes } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const agentsUpdateConfig = defineOperation({
  name: 'agents.updateConfig',
  title: 'Configure agent',
  description:
    'Changes an agent\'s batching, store-and-forward buffer bound and drop policy, or heartbeat interval. Publishes a new ' +
    'numbered configuration the agent applies and reports back (see agents.get appliedConfigVersion). Sources are set with dataSources.*.',
  scope: 'tenant',
  permission: ['update', 'Agent'],
  effect: 'write',
  input: updateAgentConfigInput,
  output: updateAgentConfigOutput,
  policyAttributes: (ctx, input) => agentLineAttributes(ctx.services, ctx.scope, input.agentId),
  handler: (ctx, input) => updateAgentConfig(ctx.services, ctx.scope, input),
});

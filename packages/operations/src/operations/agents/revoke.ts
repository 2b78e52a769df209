import { revokeAgentInput, revokeAgentOutput } from '@facilflow/contracts';
import { planRevokeAgent, revokeAgent } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const agentsRevoke = defineOperation({
  name: 'agents.revoke',
  title: 'Revoke agent',
  description:
    'Revokes an agent: its broker credentials are removed and its connection dropped at once. Destructive: the first call ' +
    'returns a plan and a confirmation token, the second call with the token applies it.',
  scope: 'tenant',
  permission: ['delete', 'Agent'],
  effect: 'destructive',
  input: revokeAgentInput,
  output: revokeAgentOutput,
  plan: (ctx, input) => planRevokeAgent(ctx.services, ctx.scope, input),
  handler: async (ctx, input) => ({ agent: await revokeAgent(ctx.services, ctx.scope, input) }),
});

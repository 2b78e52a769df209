import { setBudgetInput, setBudgetOutput } from '@facilflow/contracts';
import { setJarvisBudget } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const budgetsSet = defineOperation({
  name: 'budgets.set',
  title: 'Set Jarvis budget',
  description:
    'Sets the tenant\'s monthly budget for Jarvis (months are UTC): a token limit (input + output + cache tokens) and a cost ' +
    'limit in US dollars, each null for no limit, and the share of a limit at which Jarvis warns (default 0.8). Once a limit ' +
    'is used up Jarvis makes no model request until the next month or a higher limit; the change applies to the next request.',
  scope: 'tenant',
  permission: ['update', 'JarvisBudget'],
  effect: 'write',
  input: setBudgetInput,
  output: setBudgetOutput,
  handler: async (ctx, input) => ({ budget: await setJarvisBudget(ctx.services, ctx.scope, input) }),
});

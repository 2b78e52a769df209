import { getBudgetInput, getBudgetOutput } from '@facilflow/contracts';
import { getJarvisBudget } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const budgetsGet = defineOperation({
  name: 'budgets.get',
  title: 'Get Jarvis budget',
  description:
    'The tenant\'s monthly budget for Jarvis: token limit, cost limit in US dollars (null: no limit), the share at which Jarvis ' +
    'warns (default 0.8), and who set it when. See usage.get for how much of it this month has used.',
  scope: 'tenant',
  permission: ['read', 'JarvisBudget'],
  effect: 'read',
  input: getBudgetInput,
  output: getBudgetOutput,
  handler: async (ctx) => ({ budget: await getJarvisBudget(ctx.services, ctx.scope) }),
});

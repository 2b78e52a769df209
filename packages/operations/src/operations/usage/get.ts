import { seesTenantJarvisUsage } from '@facilflow/auth/abilities';
import { getUsageInput, getUsageOutput } from '@facilflow/contracts';
import { getJarvisUsage } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const usageGet = defineOperation({
  name: 'usage.get',
  title: 'Get Jarvis usage this month',
  description:
    'Jarvis\'s model usage for a month (default: the current one; months are UTC): requests, input, output, cache-read and ' +
    'cache-write tokens and cost in US dollars, in total, by user and by conversation (most tokens first), with the tenant\'s ' +
    'monthly budget and the percent of each limit used. Viewers see their own usage only (scope "own").',
  scope: 'tenant',
  permission: ['read', 'JarvisUsage'],
  effect: 'read',
  input: getUsageInput,
  output: getUsageOutput,
  handler: (ctx, input) => getJarvisUsage(ctx.services, ctx.scope, { ...input, ownOnly: !seesTenantJarvisUsage(ctx.ability) }),
});

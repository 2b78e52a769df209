import { seesTenantJarvisUsage } from '@facilflow/auth/abilities';
import { listUsageInput, listUsageOutput } from '@facilflow/contracts';
import { listJarvisUsage } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const usageList = defineOperation({
  name: 'usage.list',
  title: 'List Jarvis model requests',
  description:
    'Jarvis\'s model requests one by one, newest first, paged: when, conversation, user, model, tokens (input, output, cache read, ' +
    'cache write) and cost in US dollars (null for a model without a price). Filter by conversation, user or month (YYYY-MM, UTC). ' +
    'Viewers list their own requests only.',
  scope: 'tenant',
  permission: ['read', 'JarvisUsage'],
  effect: 'read',
  input: listUsageInput,
  output: listUsageOutput,
  handler: (ctx, input) => listJarvisUsage(ctx.services, ctx.scope, { ...input, ownOnly: !seesTenantJarvisUsage(ctx.ability) }),
});

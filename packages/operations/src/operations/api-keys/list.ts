import { listApiKeysInput, listApiKeysOutput } from '@facilflow/contracts';
import { listApiKeys } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const apiKeysList = defineOperation({
  name: 'apiKeys.list',
  title: 'List API keys',
  description: 'Lists the tenant\'s API keys with role, recognisable prefix, last use and revocation; never the secrets.',
  scope: 'tenant',
  permission: ['read', 'ApiKey'],
  effect: 'read',
  input: listApiKeysInput,
  output: listApiKeysOutput,
  handler: async (ctx) => ({ apiKeys: await listApiKeys(ctx.services, ctx.scope) }),
});

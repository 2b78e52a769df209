import { revokeApiKeyInput, revokeApiKeyOutput } from '@facilflow/contracts';
import { planRevokeApiKey, revokeApiKey } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const apiKeysRevoke = defineOperation({
  name: 'apiKeys.revoke',
  title: 'Revoke API key',
  description:
    'Revokes an API key; every client using it is refused from the next call. Destructive: the first call returns ' +
    'a plan and a confirmation token, the second call with the token applies it.',
  scope: 'tenant',
  permission: ['delete', 'ApiKey'],
  effect: 'destructive',
  input: revokeApiKeyInput,
  output: revokeApiKeyOutput,
  plan: (ctx, input) => planRevokeApiKey(ctx.services, ctx.scope, input),
  handler: async (ctx, input) => ({ apiKey: await revokeApiKey(ctx.services, ctx.scope, input) }),
});

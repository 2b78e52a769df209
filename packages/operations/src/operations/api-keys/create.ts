import { createApiKeyInput, createApiKeyOutput } from '@facilflow/contracts';
import { createApiKey } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const apiKeysCreate = defineOperation({
  name: 'apiKeys.create',
  title: 'Create API key',
  description:
    'Creates an API key for automation or an MCP client, acting with the given role in this tenant. ' +
    'The secret is returned once; store it now. Send it as "Authorization: Bearer <key>".',
  scope: 'tenant',
  permission: ['create', 'ApiKey'],
  effect: 'write',
  input: createApiKeyInput,
  output: createApiKeyOutput,
  handler: (ctx, input) => createApiKey(ctx.services, ctx.scope, input),
});

import { z } from 'zod';
import { apiKeyRoleSchema } from '../identity/roles.ts';
import { apiKeySchema } from '../tenancy/api-key.ts';

export const createApiKeyInput = z.object({
  name: z.string().trim().min(1).max(80).describe('What the key is for, e.g. "Claude Desktop – Maria"'),
  role: apiKeyRoleSchema.default('service').describe('Role the key acts with'),
  automation: z
    .boolean()
    .default(false)
    .describe('For unattended automation: the key may confirm its own destructive calls with a token instead of waiting for a person to approve them'),
});
export const createApiKeyOutput = z.object({
  apiKey: apiKeySchema,
  secret: z.string().describe('The whole key. It is shown this once and cannot be recovered.'),
});

export const listApiKeysInput = z.object({});
export const listApiKeysOutput = z.object({ apiKeys: z.array(apiKeySchema) });

export const revokeApiKeyInput = z.object({ id: z.string().min(1).describe('Key id (from apiKeys.list)') });
export const revokeApiKeyOutput = z.object({ apiKey: apiKeySchema });

import { z } from 'zod';
import { apiKeyRoleSchema } from '../identity/roles.ts';
import { idSchema } from './tenant.ts';

export const apiKeySchema = z.object({
  id: idSchema,
  tenantId: idSchema,
  name: z.string().min(1).max(80),
  role: apiKeyRoleSchema,
  /** First characters of the secret so a person can recognise a key; never enough to use it. */
  prefix: z.string(),
  /** May confirm its own destructive calls on model-facing fronts instead of waiting for a person's approval. */
  automation: z.boolean(),
  createdBy: z.string(),
  createdAt: z.iso.datetime(),
  lastUsedAt: z.iso.datetime().nullable(),
  revokedAt: z.iso.datetime().nullable(),
});
export type ApiKey = z.infer<typeof apiKeySchema>;

import { randomBytes } from 'node:crypto';
import { hashSecret } from '@facilflow/auth/api-keys';
import { actorId, FacilFlowError, type Agent } from '@facilflow/contracts';
import { hasPgCode, schema, UNIQUE_VIOLATION } from '@facilflow/db';
import { newId } from '../ids.ts';
import type { TenantScope } from '@facilflow/contracts';
import type { Services } from '../services.ts';
import { defaultAgentConfig } from './default-agent-config.ts';
import { toAgent } from './to-agent.ts';

const ENROLLMENT_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * Registers an agent and issues its one-time enrolment token `ffe_<agentId>_<secret>`.
 * Only the token's hash is kept; redeeming it hands out the MQTT credentials.
 */
export async function enrollAgent(
  services: Services,
  scope: TenantScope,
  input: { name: string; description?: string | undefined },
): Promise<{ agent: Agent; enrollmentToken: string; expiresAt: string }> {
  const id = newId('ag');
  const secret = randomBytes(32).toString('base64url');
  const now = services.now();
  const expiresAt = new Date(now.getTime() + ENROLLMENT_TTL_MS);
  const inserted = services.db.withTenant(scope.tenantId, (tx) =>
    tx
      .insert(schema.agents)
      .values({
        id,
        tenantId: scope.tenantId,
        name: input.name,
        description: input.description ?? null,
        enrollmentTokenHash: hashSecret(secret),
        enrollmentExpiresAt: expiresAt,
        desiredConfig: defaultAgentConfig(),
        desiredConfigVersion: 0,
        createdBy: actorId(scope.actor),
        createdAt: now,
      })
      .returning(),
  );
  const [row] = await inserted.catch((error: unknown) => {
    // agents_tenant_name_unique: the name is what people tell a tenant's agents apart by.
    if (hasPgCode(error, UNIQUE_VIOLATION)) throw new FacilFlowError('CONFLICT', `An agent named "${input.name}" already exists`, { field: 'name' });
    throw error;
  });
  if (!row) throw new Error('insert returned no row');
  return { agent: toAgent(row, now), enrollmentToken: `ffe_${id}_${secret}`, expiresAt: expiresAt.toISOString() };
}

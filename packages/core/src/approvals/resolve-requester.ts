import type { Principal, Role } from '@facilflow/contracts';
import { and, eq, isNull, schema } from '@facilflow/db';
import type { Services } from '../services.ts';

/**
 * Who asked for an approved call, as they stand now: a key that has been revoked or a person
 * who has left the tenant is nobody (null), and a changed role is the role the call runs with.
 */
export async function resolveRequester(services: Services, tenantId: string, requesterActorId: string): Promise<Principal | null> {
  const [kind, id] = [requesterActorId.slice(0, requesterActorId.indexOf(':')), requesterActorId.slice(requesterActorId.indexOf(':') + 1)];
  if (kind === 'apiKey') {
    const [key] = await services.db.withTenant(tenantId, (tx) =>
      tx
        .select()
        .from(schema.apiKeys)
        .where(and(eq(schema.apiKeys.id, id), isNull(schema.apiKeys.revokedAt)))
        .limit(1),
    );
    return key ? { actor: { type: 'apiKey', keyId: key.id, name: key.name }, tenantId, role: key.role as Role } : null;
  }
  if (kind === 'user') {
    const member = await services.directory.getMember(tenantId, id);
    return member ? { actor: { type: 'user', uid: member.uid, email: member.email }, tenantId, role: member.role } : null;
  }
  return null;
}

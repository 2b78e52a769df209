import { actorId, FacilFlowError, type NotificationPolicy, type TenantScope } from '@facilflow/contracts';
import { eq, schema } from '@facilflow/db';
import type { Services } from '../services.ts';
import { readPolicy, type StoredPolicy } from './policy-record.ts';

/** Every channel a policy names, once. */
function namedChannels(policy: NotificationPolicy): Set<string> {
  return new Set([...policy.defaultChannels, ...policy.routes.flatMap((route) => [...route.channels, ...(route.escalation?.channels ?? [])])]);
}

/** Replaces the tenant's policy; a channel id the tenant does not have is refused, naming it. */
export async function setNotificationPolicy(services: Services, scope: TenantScope, policy: NotificationPolicy): Promise<StoredPolicy> {
  return services.db.withTenant(scope.tenantId, async (tx) => {
    const channels = await tx.select({ id: schema.notificationChannels.id }).from(schema.notificationChannels).where(eq(schema.notificationChannels.tenantId, scope.tenantId));
    const known = new Set(channels.map((channel) => channel.id));
    const unknown = [...namedChannels(policy)].filter((id) => !known.has(id));
    if (unknown.length > 0) throw new FacilFlowError('INVALID', `The policy names channels this tenant does not have: ${unknown.join(', ')} (see channels.list)`);
    const values = { tenantId: scope.tenantId, policy, updatedAt: services.now(), updatedBy: actorId(scope.actor) };
    await tx.insert(schema.notificationPolicies).values(values).onConflictDoUpdate({ target: schema.notificationPolicies.tenantId, set: { policy, updatedAt: values.updatedAt, updatedBy: values.updatedBy } });
    return readPolicy(tx, scope.tenantId);
  });
}

import type { Policy, PolicyEffect, TenantScope } from '@facilflow/contracts';
import { asc, eq, schema } from '@facilflow/db';
import type { Services } from '../services.ts';
import { toPolicy } from './to-policy.ts';

/** The tenant's policies by name, enabled or not; a tenant keeps few, so there is no paging. */
export async function listPolicies(services: Services, scope: TenantScope, input: { effect?: PolicyEffect | undefined } = {}): Promise<Policy[]> {
  const p = schema.policies;
  const rows = await services.db.withTenant(scope.tenantId, (tx) =>
    tx
      .select()
      .from(p)
      .where(input.effect ? eq(p.effect, input.effect) : undefined)
      .orderBy(asc(p.name)),
  );
  return rows.map(toPolicy);
}

/** The policies the runtime evaluates for a call in this tenant: the enabled ones. */
export async function loadEnabledPolicies(services: Services, tenantId: string): Promise<Policy[]> {
  const p = schema.policies;
  const rows = await services.db.withTenant(tenantId, (tx) => tx.select().from(p).where(eq(p.enabled, true)).orderBy(asc(p.name)));
  return rows.map(toPolicy);
}

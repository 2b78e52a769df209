import { FacilFlowError, type Role, type Tenant } from '@facilflow/contracts';
import { newId } from '../ids.ts';
import type { Services } from '../services.ts';

export interface CreateTenantInput {
  name: string;
  slug?: string | undefined;
}

/** The creator becomes owner and the new tenant becomes their active one. */
export async function createTenant(
  services: Services,
  user: { uid: string; email: string | null },
  input: CreateTenantInput,
): Promise<{ tenant: Tenant; role: Role }> {
  // Checked before creating, so two racing creates may both pass: the quota stops a runaway
  // loop of creations, a one-tenant overshoot does no harm.
  const limit = services.limits.tenantsPerUser;
  const memberships = await services.directory.listMembershipsForUser(user.uid);
  if (memberships.length >= limit) {
    throw new FacilFlowError(
      'FORBIDDEN',
      `You already own or belong to ${memberships.length} tenants; the limit is ${limit}. Leave one first, or ask your FacilFlow operator for a higher limit.`,
      { quota: 'tenantsPerUser', limit, memberships: memberships.length },
    );
  }
  const id = newId('t');
  const slug = input.slug ?? slugify(input.name, id);
  const tenant = await services.directory.createTenant({ id, name: input.name, slug, createdBy: user.uid }, user);
  await activateTenant(services, user, tenant.id, 'owner');
  return { tenant, role: 'owner' };
}

export async function activateTenant(
  services: Services,
  user: { uid: string; email: string | null },
  tenantId: string,
  role: Role,
): Promise<void> {
  await services.identity.setTenantClaims(user.uid, { tid: tenantId, role });
  const profile = await services.directory.getProfile(user.uid);
  await services.directory.upsertProfile({
    uid: user.uid,
    email: user.email,
    displayName: profile?.displayName ?? null,
    activeTenantId: tenantId,
  });
}

function slugify(name: string, id: string): string {
  const base = name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 36);
  // A suffix from the id keeps "Acme" and "acme" from colliding without a retry loop.
  return `${base || 'tenant'}-${id.slice(-6)}`;
}

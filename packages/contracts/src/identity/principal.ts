import type { Actor } from './actor.ts';
import type { Role } from './roles.ts';

/** Who is calling, from verified credentials only; never from input. */
export interface Principal {
  actor: Actor;
  /** The active tenant; null for a signed-in person who has none yet. */
  tenantId: string | null;
  role: Role | null;
}

/** A principal bound to a tenant: what every tenant-scoped domain function receives. */
export interface TenantScope {
  tenantId: string;
  actor: Actor;
  role: Role;
}

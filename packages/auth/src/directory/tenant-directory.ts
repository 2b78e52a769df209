import type { HumanRole, Invite, Member, Profile, Role, Tenant } from '@facilflow/contracts';

export interface NewTenant {
  id: string;
  name: string;
  slug: string;
  createdBy: string;
}

export interface NewInvite {
  id: string;
  tenantId: string;
  email: string;
  role: HumanRole;
  invitedBy: string;
  expiresAt: Date;
}

/**
 * Where tenants, their members and invites live. Membership here is authoritative;
 * the `tid`/`role` claims on a user's token are only a copy kept in step with it.
 *
 * Every method that names a tenant only ever reads or writes that tenant's records.
 * The few user-wide lookups (a user's memberships, invites for an email) exist for
 * sign-in and tenant switching and return only what belongs to that user.
 */
export interface TenantDirectory {
  /** Throws FacilFlowError CONFLICT when the slug is taken. Adds the creator as owner. */
  createTenant(tenant: NewTenant, owner: { uid: string; email: string | null }): Promise<Tenant>;
  getTenant(tenantId: string): Promise<Tenant | null>;

  getMember(tenantId: string, uid: string): Promise<Member | null>;
  listMembers(tenantId: string): Promise<Member[]>;
  /** Throws CONFLICT when the user is already a member. */
  addMember(tenantId: string, member: { uid: string; email: string | null; role: Role }): Promise<Member>;
  /** Returns null when the user is not a member of this tenant. */
  updateMemberRole(tenantId: string, uid: string, role: Role): Promise<Member | null>;
  /** Returns false when the user is not a member of this tenant. */
  removeMember(tenantId: string, uid: string): Promise<boolean>;
  countOwners(tenantId: string): Promise<number>;

  createInvite(invite: NewInvite): Promise<Invite>;
  listInvites(tenantId: string): Promise<Invite[]>;
  /** Marks a pending invite revoked; null when no pending invite of this tenant has that id. */
  revokeInvite(tenantId: string, inviteId: string): Promise<Invite | null>;
  /** Pending, unexpired invites for an email across tenants (email compared case-insensitively). */
  listPendingInvitesForEmail(email: string, now: Date): Promise<Invite[]>;
  /** Accepts a pending invite: adds the member and marks the invite accepted, atomically. */
  acceptInvite(inviteId: string, user: { uid: string; email: string }): Promise<Member | null>;

  /** Every tenant the user belongs to, with their role there. */
  listMembershipsForUser(uid: string): Promise<Array<{ tenant: Tenant; role: Role }>>;

  getProfile(uid: string): Promise<Profile | null>;
  upsertProfile(profile: Profile): Promise<Profile>;
}

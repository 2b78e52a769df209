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
  /** In the order they joined. */
  listMembers(tenantId: string): Promise<Member[]>;
  /** Throws CONFLICT when the user is already a member, NOT_FOUND when the tenant does not exist. */
  addMember(tenantId: string, member: { uid: string; email: string | null; role: Role }): Promise<Member>;
  /** Returns null when the user is not a member of this tenant. */
  updateMemberRole(tenantId: string, uid: string, role: Role): Promise<Member | null>;
  /** Returns false when the user is not a member of this tenant. */
  removeMember(tenantId: string, uid: string): Promise<boolean>;
  countOwners(tenantId: string): Promise<number>;

  /**
   * Throws CONFLICT while the tenant has a pending, unexpired invite for the same email
   * (compared case-insensitively) and NOT_FOUND when the tenant does not exist. A pending
   * invite that has expired is marked revoked, so the person can be invited again.
   */
  createInvite(invite: NewInvite): Promise<Invite>;
  /** Every invite of the tenant, whatever its status, oldest first. */
  listInvites(tenantId: string): Promise<Invite[]>;
  /** Marks a pending invite revoked; null when no pending invite of this tenant has that id. */
  revokeInvite(tenantId: string, inviteId: string): Promise<Invite | null>;
  /** Pending, unexpired invites for an email across tenants (email compared case-insensitively), oldest first. */
  listPendingInvitesForEmail(email: string, now: Date): Promise<Invite[]>;
  /**
   * Accepts a pending invite: adds the member and marks the invite accepted, atomically.
   * Null unless the invite is pending, unexpired and addressed to `user.email` (compared
   * case-insensitively); of two concurrent accepts one gets the member, the other null.
   * A user who is already a member keeps their role and the invite is used up.
   */
  acceptInvite(inviteId: string, user: { uid: string; email: string }): Promise<Member | null>;

  /** Every tenant the user belongs to, with their role there, in the order they joined. */
  listMembershipsForUser(uid: string): Promise<Array<{ tenant: Tenant; role: Role }>>;

  getProfile(uid: string): Promise<Profile | null>;
  upsertProfile(profile: Profile): Promise<Profile>;
  /** For account deletion; false when there was no profile. */
  deleteProfile(uid: string): Promise<boolean>;
}

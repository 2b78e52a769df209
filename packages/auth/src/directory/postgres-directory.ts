import { FacilFlowError, humanRoleSchema, inviteSchema, roleSchema } from '@facilflow/contracts';
import type { Invite, Member, Profile, Tenant } from '@facilflow/contracts';
import { and, asc, count, eq, FOREIGN_KEY_VIOLATION, gt, hasPgCode, lte, schema, sql, UNIQUE_VIOLATION } from '@facilflow/db';
import type { Database } from '@facilflow/db';
import type { TenantDirectory } from './tenant-directory.ts';

const { tenants, members, invites, profiles } = schema;

type TenantRow = typeof tenants.$inferSelect;
type MemberRow = typeof members.$inferSelect;
type InviteRow = typeof invites.$inferSelect;

/**
 * The embedded default. Tenant-scoped methods run under `withTenant`, so row-level
 * security keeps them inside that tenant even if a filter here were wrong; the
 * explicit tenant filters are still written out so each query reads on its own.
 */
export function createPostgresDirectory(db: Database): TenantDirectory {
  return {
    async createTenant(tenant, owner) {
      try {
        return await db.withTenant(tenant.id, async (tx) => {
          const [row] = await tx
            .insert(tenants)
            .values({ tenantId: tenant.id, name: tenant.name, slug: tenant.slug, createdBy: tenant.createdBy })
            .returning();
          await tx.insert(members).values({ tenantId: tenant.id, uid: owner.uid, email: owner.email, role: 'owner' });
          return toTenant(one(row));
        });
      } catch (error) {
        if (hasPgCode(error, UNIQUE_VIOLATION)) {
          throw new FacilFlowError('CONFLICT', `A tenant with id "${tenant.id}" or slug "${tenant.slug}" already exists`);
        }
        throw error;
      }
    },

    getTenant: (tenantId) =>
      db.withTenant(tenantId, async (tx) => {
        const [row] = await tx.select().from(tenants).where(eq(tenants.tenantId, tenantId));
        return row ? toTenant(row) : null;
      }),

    getMember: (tenantId, uid) =>
      db.withTenant(tenantId, async (tx) => {
        const [row] = await tx
          .select()
          .from(members)
          .where(and(eq(members.tenantId, tenantId), eq(members.uid, uid)));
        return row ? toMember(row) : null;
      }),

    listMembers: (tenantId) =>
      db.withTenant(tenantId, async (tx) => {
        const rows = await tx
          .select()
          .from(members)
          .where(eq(members.tenantId, tenantId))
          .orderBy(asc(members.joinedAt), asc(members.uid));
        return rows.map(toMember);
      }),

    async addMember(tenantId, member) {
      try {
        return await db.withTenant(tenantId, async (tx) => {
          const [row] = await tx
            .insert(members)
            .values({ tenantId, uid: member.uid, email: member.email, role: member.role })
            .returning();
          return toMember(one(row));
        });
      } catch (error) {
        if (hasPgCode(error, UNIQUE_VIOLATION)) {
          throw new FacilFlowError('CONFLICT', `User ${member.uid} is already a member of tenant ${tenantId}`);
        }
        if (hasPgCode(error, FOREIGN_KEY_VIOLATION)) throw tenantNotFound(tenantId);
        throw error;
      }
    },

    updateMemberRole: (tenantId, uid, role) =>
      db.withTenant(tenantId, async (tx) => {
        const [row] = await tx
          .update(members)
          .set({ role })
          .where(and(eq(members.tenantId, tenantId), eq(members.uid, uid)))
          .returning();
        return row ? toMember(row) : null;
      }),

    removeMember: (tenantId, uid) =>
      db.withTenant(tenantId, async (tx) => {
        const rows = await tx
          .delete(members)
          .where(and(eq(members.tenantId, tenantId), eq(members.uid, uid)))
          .returning({ uid: members.uid });
        return rows.length > 0;
      }),

    countOwners: (tenantId) =>
      db.withTenant(tenantId, async (tx) => {
        const [row] = await tx
          .select({ owners: count() })
          .from(members)
          .where(and(eq(members.tenantId, tenantId), eq(members.role, 'owner')));
        return row?.owners ?? 0;
      }),

    async createInvite(invite) {
      try {
        return await db.withTenant(invite.tenantId, async (tx) => {
          await tx
            .update(invites)
            .set({ status: 'revoked' })
            .where(
              and(
                eq(invites.tenantId, invite.tenantId),
                sameEmail(invite.email),
                eq(invites.status, 'pending'),
                lte(invites.expiresAt, new Date()),
              ),
            );
          const [row] = await tx
            .insert(invites)
            .values({
              id: invite.id,
              tenantId: invite.tenantId,
              email: invite.email,
              role: invite.role,
              invitedBy: invite.invitedBy,
              expiresAt: invite.expiresAt,
            })
            .returning();
          return toInvite(one(row));
        });
      } catch (error) {
        if (hasPgCode(error, UNIQUE_VIOLATION)) {
          throw new FacilFlowError('CONFLICT', `Tenant ${invite.tenantId} already has a pending invite for ${invite.email}`);
        }
        if (hasPgCode(error, FOREIGN_KEY_VIOLATION)) throw tenantNotFound(invite.tenantId);
        throw error;
      }
    },

    listInvites: (tenantId) =>
      db.withTenant(tenantId, async (tx) => {
        const rows = await tx
          .select()
          .from(invites)
          .where(eq(invites.tenantId, tenantId))
          .orderBy(asc(invites.createdAt), asc(invites.id));
        return rows.map(toInvite);
      }),

    revokeInvite: (tenantId, inviteId) =>
      db.withTenant(tenantId, async (tx) => {
        const [row] = await tx
          .update(invites)
          .set({ status: 'revoked' })
          .where(and(eq(invites.tenantId, tenantId), eq(invites.id, inviteId), eq(invites.status, 'pending')))
          .returning();
        return row ? toInvite(row) : null;
      }),

    listPendingInvitesForEmail: (email, now) =>
      db.withSystem('pending invites for a signing-in user across tenants', async (tx) => {
        const rows = await tx
          .select()
          .from(invites)
          .where(and(sameEmail(email), eq(invites.status, 'pending'), gt(invites.expiresAt, now)))
          .orderBy(asc(invites.createdAt), asc(invites.id));
        return rows.map(toInvite);
      }),

    acceptInvite: (inviteId, user) =>
      db.withSystem('a user accepting an invite before they belong to its tenant', async (tx) => {
        // The conditional update takes the invite's row lock, so a concurrent accept
        // waits here and then finds it no longer pending.
        const [invite] = await tx
          .update(invites)
          .set({ status: 'accepted' })
          .where(
            and(
              eq(invites.id, inviteId),
              eq(invites.status, 'pending'),
              gt(invites.expiresAt, new Date()),
              sameEmail(user.email),
            ),
          )
          .returning();
        if (!invite) return null;
        const [added] = await tx
          .insert(members)
          .values({ tenantId: invite.tenantId, uid: user.uid, email: user.email, role: invite.role })
          .onConflictDoNothing()
          .returning();
        if (added) return toMember(added);
        // Already a member: the invite is used up and their current role stands.
        const [existing] = await tx
          .select()
          .from(members)
          .where(and(eq(members.tenantId, invite.tenantId), eq(members.uid, user.uid)));
        return toMember(one(existing));
      }),

    listMembershipsForUser: (uid) =>
      db.withSystem('the tenants a user may switch to', async (tx) => {
        const rows = await tx
          .select({ tenant: tenants, role: members.role })
          .from(members)
          .innerJoin(tenants, eq(tenants.tenantId, members.tenantId))
          .where(eq(members.uid, uid))
          .orderBy(asc(members.joinedAt), asc(tenants.tenantId));
        return rows.map((row) => ({ tenant: toTenant(row.tenant), role: roleSchema.parse(row.role) }));
      }),

    getProfile: (uid) =>
      db.withUser(uid, async (tx) => {
        const [row] = await tx.select().from(profiles).where(eq(profiles.uid, uid));
        return row
          ? { uid: row.uid, email: row.email, displayName: row.displayName, activeTenantId: row.activeTenantId }
          : null;
      }),

    upsertProfile: (profile) =>
      db.withUser(profile.uid, async (tx) => {
        const fields = { email: profile.email, displayName: profile.displayName, activeTenantId: profile.activeTenantId };
        await tx
          .insert(profiles)
          .values({ uid: profile.uid, ...fields })
          .onConflictDoUpdate({ target: profiles.uid, set: { ...fields, updatedAt: new Date() } });
        return copyProfile(profile);
      }),

    deleteProfile: (uid) =>
      db.withUser(uid, async (tx) => {
        const rows = await tx.delete(profiles).where(eq(profiles.uid, uid)).returning({ uid: profiles.uid });
        return rows.length > 0;
      }),
  };
}

function sameEmail(email: string) {
  return eq(sql`lower(${invites.email})`, email.toLowerCase());
}

function toTenant(row: TenantRow): Tenant {
  return { id: row.tenantId, name: row.name, slug: row.slug, createdAt: row.createdAt.toISOString(), createdBy: row.createdBy };
}

function toMember(row: MemberRow): Member {
  return {
    tenantId: row.tenantId,
    uid: row.uid,
    email: row.email,
    role: roleSchema.parse(row.role),
    joinedAt: row.joinedAt.toISOString(),
  };
}

function toInvite(row: InviteRow): Invite {
  return {
    id: row.id,
    tenantId: row.tenantId,
    email: row.email,
    role: humanRoleSchema.parse(row.role),
    invitedBy: row.invitedBy,
    status: inviteSchema.shape.status.parse(row.status),
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
  };
}

function copyProfile(profile: Profile): Profile {
  return { uid: profile.uid, email: profile.email, displayName: profile.displayName, activeTenantId: profile.activeTenantId };
}

/** For `returning()` on a statement that cannot return zero rows without throwing first. */
function one<T>(row: T | undefined): T {
  if (row === undefined) throw new Error('The database returned no row for a write that must return one');
  return row;
}

function tenantNotFound(tenantId: string): FacilFlowError {
  return new FacilFlowError('NOT_FOUND', `Tenant ${tenantId} does not exist`);
}

import { FacilFlowError, humanRoleSchema, inviteSchema, roleSchema } from '@facilflow/contracts';
import type { Invite, Member, Tenant } from '@facilflow/contracts';
import { randomUUID } from 'node:crypto';
import { Timestamp } from 'firebase-admin/firestore';
import type { DocumentSnapshot, Firestore, Transaction } from 'firebase-admin/firestore';
import { z } from 'zod';
import type { TenantDirectory } from './tenant-directory.ts';

/*
 * Data model (server-side only: firestore.rules lets no client read any of it but its own profile):
 *
 *   tenants/{tenantId}                          name, slug, createdBy, createdAt
 *   slugs/{slug}                                tenantId            created with the tenant, so a slug is taken once
 *   tenants/{tenantId}/members/{uid}            tenantId, uid, email, role, joinedAt
 *   tenants/{tenantId}/invites/{inviteId}       tenantId, email, emailLower, role, invitedBy, status, createdAt, expiresAt
 *   profiles/{uid}                              email, displayName, activeTenantId, updatedAt
 *   membershipIndex/{uid}/tenants/{tenantId}    tenantId            one per membership
 *   pendingInvites/{inviteId}                   tenantId, emailLower   one per pending invite
 *   inviteClaims/{inviteId}                     uid, attemptId      created by the one accept that wins
 *
 * The two index collections replace collection-group queries (members by uid, invites by
 * emailLower and status). @firestore-emulator/server ignores `allDescendants` and answers a
 * collection-group query with nothing, so such queries could not be tested; on Firestore
 * they would also need collection-group index exemptions deployed. Each index entry is
 * written in the same transaction as its record and holds only ids: role and status are
 * always read from the record itself.
 *
 * That emulator also runs transactions without isolation (no locks, no contention
 * retries) and applies a commit's writes one by one, keeping those before a failing one.
 * So wherever two callers could race, the transaction's first write is a `create`, which
 * fails with ALREADY_EXISTS when the document exists: of two racing writers only one
 * commits anything, on the emulator as on Firestore.
 */

const ALREADY_EXISTS = 6; // gRPC status code of a failed `create` precondition

const timestamp = z.instanceof(Timestamp);
const tenantDoc = z.object({ name: z.string(), slug: z.string(), createdBy: z.string(), createdAt: timestamp });
const memberDoc = z.object({
  tenantId: z.string(),
  uid: z.string(),
  email: z.string().nullable(),
  role: roleSchema,
  joinedAt: timestamp,
});
const inviteDoc = z.object({
  tenantId: z.string(),
  email: z.string(),
  emailLower: z.string(),
  role: humanRoleSchema,
  invitedBy: z.string(),
  status: inviteSchema.shape.status,
  createdAt: timestamp,
  expiresAt: timestamp,
});
const profileDoc = z.object({
  email: z.string().nullable(),
  displayName: z.string().nullable(),
  activeTenantId: z.string().nullable(),
});
const pendingInviteDoc = z.object({ tenantId: z.string(), emailLower: z.string() });

export function createFirestoreDirectory(firestore: Firestore): TenantDirectory {
  const tenantRef = (tenantId: string) => firestore.collection('tenants').doc(segment(tenantId));
  const slugRef = (slug: string) => firestore.collection('slugs').doc(segment(slug));
  const membersOf = (tenantId: string) => tenantRef(tenantId).collection('members');
  const memberRef = (tenantId: string, uid: string) => membersOf(tenantId).doc(segment(uid));
  const invitesOf = (tenantId: string) => tenantRef(tenantId).collection('invites');
  const inviteRef = (tenantId: string, inviteId: string) => invitesOf(tenantId).doc(segment(inviteId));
  const profileRef = (uid: string) => firestore.collection('profiles').doc(segment(uid));
  const membershipIndexOf = (uid: string) => firestore.collection('membershipIndex').doc(segment(uid)).collection('tenants');
  const membershipIndexRef = (uid: string, tenantId: string) => membershipIndexOf(uid).doc(segment(tenantId));
  const pendingInvites = firestore.collection('pendingInvites');
  const pendingInviteRef = (inviteId: string) => pendingInvites.doc(segment(inviteId));
  /** Who accepted an invite: created once, so of two racing accepts only one can claim it. */
  const inviteClaimRef = (inviteId: string) => firestore.collection('inviteClaims').doc(segment(inviteId));

  /** The member document goes before its index entry, so a `create` that fails leaves no stray entry behind. */
  const createMember = (tx: Transaction, member: Member): void => {
    tx.create(memberRef(member.tenantId, member.uid), {
      tenantId: member.tenantId,
      uid: member.uid,
      email: member.email,
      role: member.role,
      joinedAt: Timestamp.fromDate(new Date(member.joinedAt)),
    });
    tx.set(membershipIndexRef(member.uid, member.tenantId), { tenantId: member.tenantId });
  };

  return {
    async createTenant(tenant, owner) {
      const created: Tenant = {
        id: tenant.id,
        name: tenant.name,
        slug: tenant.slug,
        createdAt: new Date().toISOString(),
        createdBy: tenant.createdBy,
      };
      const conflict = `A tenant with id "${tenant.id}" or slug "${tenant.slug}" already exists`;
      await conflictOnExisting(conflict, () =>
        firestore.runTransaction(async (tx) => {
          const slug = await tx.get(slugRef(tenant.slug));
          const existing = await tx.get(tenantRef(tenant.id));
          if (slug.exists || existing.exists) throw new FacilFlowError('CONFLICT', conflict);
          tx.create(slugRef(tenant.slug), { tenantId: tenant.id });
          tx.create(tenantRef(tenant.id), {
            name: tenant.name,
            slug: tenant.slug,
            createdBy: tenant.createdBy,
            createdAt: Timestamp.fromDate(new Date(created.createdAt)),
          });
          createMember(tx, { tenantId: tenant.id, uid: owner.uid, email: owner.email, role: 'owner', joinedAt: created.createdAt });
        }),
      );
      return created;
    },

    async getTenant(tenantId) {
      const snapshot = await tenantRef(tenantId).get();
      return snapshot.exists ? readTenant(snapshot) : null;
    },

    async getMember(tenantId, uid) {
      const snapshot = await memberRef(tenantId, uid).get();
      return snapshot.exists ? readMember(snapshot) : null;
    },

    async listMembers(tenantId) {
      const snapshot = await membersOf(tenantId).get();
      return snapshot.docs.map(readMember).sort(byJoined);
    },

    addMember(tenantId, member) {
      const conflict = `User ${member.uid} is already a member of tenant ${tenantId}`;
      return conflictOnExisting(conflict, () =>
        firestore.runTransaction(async (tx) => {
          const tenant = await tx.get(tenantRef(tenantId));
          const existing = await tx.get(memberRef(tenantId, member.uid));
          if (!tenant.exists) throw tenantNotFound(tenantId);
          if (existing.exists) throw new FacilFlowError('CONFLICT', conflict);
          const added: Member = {
            tenantId,
            uid: member.uid,
            email: member.email,
            role: member.role,
            joinedAt: new Date().toISOString(),
          };
          createMember(tx, added);
          return added;
        }),
      );
    },

    updateMemberRole: (tenantId, uid, role) =>
      firestore.runTransaction(async (tx) => {
        const snapshot = await tx.get(memberRef(tenantId, uid));
        if (!snapshot.exists) return null;
        tx.update(snapshot.ref, { role });
        return { ...readMember(snapshot), role };
      }),

    removeMember: (tenantId, uid) =>
      firestore.runTransaction(async (tx) => {
        const snapshot = await tx.get(memberRef(tenantId, uid));
        if (!snapshot.exists) return false;
        tx.delete(snapshot.ref);
        tx.delete(membershipIndexRef(uid, tenantId));
        return true;
      }),

    async countOwners(tenantId) {
      const snapshot = await membersOf(tenantId).where('role', '==', 'owner').count().get();
      return snapshot.data().count;
    },

    createInvite(invite) {
      const now = new Date();
      const emailLower = invite.email.toLowerCase();
      const created: Invite = {
        id: invite.id,
        tenantId: invite.tenantId,
        email: invite.email,
        role: invite.role,
        invitedBy: invite.invitedBy,
        status: 'pending',
        createdAt: now.toISOString(),
        expiresAt: invite.expiresAt.toISOString(),
      };
      return conflictOnExisting(`Invite ${invite.id} already exists`, () =>
        firestore.runTransaction(async (tx) => {
          const tenant = await tx.get(tenantRef(invite.tenantId));
          if (!tenant.exists) throw tenantNotFound(invite.tenantId);
          const pending = await tx.get(
            invitesOf(invite.tenantId).where('emailLower', '==', emailLower).where('status', '==', 'pending'),
          );
          const expired = pending.docs.filter((doc) => readInvite(doc).expiresAt <= created.createdAt);
          if (expired.length < pending.size) {
            throw new FacilFlowError('CONFLICT', `Tenant ${invite.tenantId} already has a pending invite for ${invite.email}`);
          }
          tx.create(inviteRef(invite.tenantId, invite.id), {
            tenantId: invite.tenantId,
            email: invite.email,
            emailLower,
            role: invite.role,
            invitedBy: invite.invitedBy,
            status: 'pending',
            createdAt: Timestamp.fromDate(now),
            expiresAt: Timestamp.fromDate(invite.expiresAt),
          });
          tx.create(pendingInviteRef(invite.id), { tenantId: invite.tenantId, emailLower });
          for (const doc of expired) {
            tx.update(doc.ref, { status: 'revoked' });
            tx.delete(pendingInviteRef(doc.id));
          }
          return created;
        }),
      );
    },

    async listInvites(tenantId) {
      const snapshot = await invitesOf(tenantId).get();
      return snapshot.docs.map(readInvite).sort(byCreated);
    },

    revokeInvite: (tenantId, inviteId) =>
      firestore.runTransaction(async (tx) => {
        const snapshot = await tx.get(inviteRef(tenantId, inviteId));
        if (!snapshot.exists) return null;
        const invite = readInvite(snapshot);
        if (invite.status !== 'pending') return null;
        tx.update(snapshot.ref, { status: 'revoked' });
        tx.delete(pendingInviteRef(inviteId));
        return { ...invite, status: 'revoked' };
      }),

    async listPendingInvitesForEmail(email, now) {
      const index = await pendingInvites.where('emailLower', '==', email.toLowerCase()).get();
      if (index.empty) return [];
      const refs = index.docs.map((doc) => inviteRef(pendingInviteDoc.parse(doc.data()).tenantId, doc.id));
      const snapshots = await firestore.getAll(...refs);
      const nowIso = now.toISOString();
      return snapshots
        .filter((snapshot) => snapshot.exists)
        .map(readInvite)
        .filter((invite) => invite.status === 'pending' && invite.expiresAt > nowIso)
        .sort(byCreated);
    },

    async acceptInvite(inviteId, user) {
      const attemptId = randomUUID();
      const attempt = (claimed: boolean) =>
        firestore.runTransaction(async (tx): Promise<Member | null> => {
          const entry = await tx.get(pendingInviteRef(inviteId));
          if (!entry.exists) return null;
          const { tenantId } = pendingInviteDoc.parse(entry.data());
          const inviteSnapshot = await tx.get(inviteRef(tenantId, inviteId));
          const memberSnapshot = await tx.get(memberRef(tenantId, user.uid));
          if (!inviteSnapshot.exists) return null;
          const invite = readInvite(inviteSnapshot);
          const usable =
            invite.status === 'pending' &&
            invite.expiresAt > new Date().toISOString() &&
            invite.email.toLowerCase() === user.email.toLowerCase();
          if (!usable) return null;
          // The claim is the first write: `create` is refused to a second accept even where
          // commits are not atomic (the Firestore emulator), so it never gets to the rest.
          if (!claimed) tx.create(inviteClaimRef(inviteId), { uid: user.uid, attemptId });
          let member: Member;
          if (memberSnapshot.exists) {
            member = readMember(memberSnapshot);
          } else {
            member = { tenantId, uid: user.uid, email: user.email, role: invite.role, joinedAt: new Date().toISOString() };
            createMember(tx, member);
          }
          tx.update(inviteSnapshot.ref, { status: 'accepted' });
          tx.delete(entry.ref);
          return member;
        });
      try {
        return await attempt(false);
      } catch (error) {
        if (!isAlreadyExists(error)) throw error;
        const claim = await inviteClaimRef(inviteId).get();
        // Another accept holds the invite.
        if (claim.exists && claim.get('attemptId') !== attemptId) return null;
        // A concurrent accept of another invite made this user a member first: run again, reading what it wrote.
        return attempt(claim.exists);
      }
    },

    async listMembershipsForUser(uid) {
      const index = await membershipIndexOf(uid).get();
      if (index.empty) return [];
      const tenantIds = index.docs.map((doc) => doc.id);
      const [tenantSnapshots, memberSnapshots] = await Promise.all([
        firestore.getAll(...tenantIds.map(tenantRef)),
        firestore.getAll(...tenantIds.map((tenantId) => memberRef(tenantId, uid))),
      ]);
      const tenants = new Map(tenantSnapshots.filter((s) => s.exists).map((s) => [s.id, readTenant(s)]));
      return memberSnapshots
        .filter((snapshot) => snapshot.exists)
        .map(readMember)
        .sort(byJoined)
        .flatMap((member) => {
          const tenant = tenants.get(member.tenantId);
          return tenant ? [{ tenant, role: member.role }] : [];
        });
    },

    async getProfile(uid) {
      const snapshot = await profileRef(uid).get();
      if (!snapshot.exists) return null;
      const stored = profileDoc.parse(snapshot.data());
      return { uid, email: stored.email, displayName: stored.displayName, activeTenantId: stored.activeTenantId };
    },

    async upsertProfile(profile) {
      const stored = { email: profile.email, displayName: profile.displayName, activeTenantId: profile.activeTenantId };
      await profileRef(profile.uid).set({ ...stored, updatedAt: Timestamp.now() });
      return { uid: profile.uid, ...stored };
    },

    deleteProfile: (uid) =>
      firestore.runTransaction(async (tx) => {
        const snapshot = await tx.get(profileRef(uid));
        if (!snapshot.exists) return false;
        tx.delete(snapshot.ref);
        return true;
      }),
  };
}

function readTenant(snapshot: DocumentSnapshot): Tenant {
  const stored = tenantDoc.parse(snapshot.data());
  return {
    id: snapshot.id,
    name: stored.name,
    slug: stored.slug,
    createdAt: iso(stored.createdAt),
    createdBy: stored.createdBy,
  };
}

function readMember(snapshot: DocumentSnapshot): Member {
  const stored = memberDoc.parse(snapshot.data());
  return { tenantId: stored.tenantId, uid: stored.uid, email: stored.email, role: stored.role, joinedAt: iso(stored.joinedAt) };
}

function readInvite(snapshot: DocumentSnapshot): Invite {
  const stored = inviteDoc.parse(snapshot.data());
  return {
    id: snapshot.id,
    tenantId: stored.tenantId,
    email: stored.email,
    role: stored.role,
    invitedBy: stored.invitedBy,
    status: stored.status,
    createdAt: iso(stored.createdAt),
    expiresAt: iso(stored.expiresAt),
  };
}

function iso(value: Timestamp): string {
  return value.toDate().toISOString();
}

// ISO-8601 UTC strings of one format sort as the instants they name.
function byJoined(a: Member, b: Member): number {
  return a.joinedAt.localeCompare(b.joinedAt) || a.uid.localeCompare(b.uid);
}

function byCreated(a: Invite, b: Invite): number {
  return a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);
}

/**
 * Ids become document path segments: one holding a '/' would address a different
 * document (another tenant's, say), so such ids are refused rather than escaped.
 */
function segment(id: string): string {
  if (id === '' || id === '.' || id === '..' || id.includes('/') || /^__.*__$/.test(id)) {
    throw new FacilFlowError('INVALID', `"${id}" cannot be used as a document id`);
  }
  return id;
}

function tenantNotFound(tenantId: string): FacilFlowError {
  return new FacilFlowError('NOT_FOUND', `Tenant ${tenantId} does not exist`);
}

function isAlreadyExists(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === ALREADY_EXISTS;
}

/** A `create` losing a race fails with ALREADY_EXISTS: to the caller that is a CONFLICT. */
async function conflictOnExisting<T>(message: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isAlreadyExists(error)) throw new FacilFlowError('CONFLICT', message);
    throw error;
  }
}

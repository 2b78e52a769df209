import { FacilFlowError } from '@facilflow/contracts';
import type { Member, Tenant } from '@facilflow/contracts';
import { Timestamp } from 'firebase-admin/firestore';
import type { Firestore, Transaction } from 'firebase-admin/firestore';
import {
  byJoined, conflictOnExisting, createMember as createMemberIn, firestoreRefs, profileDoc, readMember, readTenant, tenantNotFound,
} from './firestore-documents.ts';
import { firestoreInvites } from './firestore-invites.ts';
import type { TenantDirectory } from './tenant-directory.ts';

/** The tenant directory on Firestore: tenants and members here, invites in firestore-invites.ts, the data model in firestore-documents.ts. */
export function createFirestoreDirectory(firestore: Firestore): TenantDirectory {
  const refs = firestoreRefs(firestore);
  const { tenantRef, slugRef, membersOf, memberRef, profileRef, membershipIndexOf, membershipIndexRef } = refs;
  const createMember = (tx: Transaction, member: Member): void => createMemberIn(refs, tx, member);

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

    ...firestoreInvites(firestore, refs),

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

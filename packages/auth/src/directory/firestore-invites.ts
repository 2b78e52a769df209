import { FacilFlowError } from '@facilflow/contracts';
import type { Invite, Member } from '@facilflow/contracts';
import { randomUUID } from 'node:crypto';
import { Timestamp } from 'firebase-admin/firestore';
import type { Firestore } from 'firebase-admin/firestore';
import {
  byCreated, conflictOnExisting, createMember, isAlreadyExists, pendingInviteDoc, readInvite, readMember, tenantNotFound, type FirestoreRefs,
} from './firestore-documents.ts';
import type { TenantDirectory } from './tenant-directory.ts';

type InviteMethods = Pick<TenantDirectory, 'createInvite' | 'listInvites' | 'revokeInvite' | 'listPendingInvitesForEmail' | 'acceptInvite'>;

/** Invites: created, listed, revoked and accepted, each accept claiming the invite once (see firestore-documents.ts). */
export function firestoreInvites(firestore: Firestore, refs: FirestoreRefs): InviteMethods {
  const { tenantRef, memberRef, invitesOf, inviteRef, pendingInvites, pendingInviteRef, inviteClaimRef } = refs;
  return {
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
            createMember(refs, tx, member);
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

  };
}

import { FacilFlowError, humanRoleSchema, inviteSchema, roleSchema } from '@facilflow/contracts';
import type { Invite, Member, Tenant } from '@facilflow/contracts';
import { Timestamp } from 'firebase-admin/firestore';
import type { DocumentSnapshot, Firestore, Transaction } from 'firebase-admin/firestore';
import { z } from 'zod';

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
export const profileDoc = z.object({
  email: z.string().nullable(),
  displayName: z.string().nullable(),
  activeTenantId: z.string().nullable(),
});
export const pendingInviteDoc = z.object({ tenantId: z.string(), emailLower: z.string() });

/** The document references of the directory's data model (see above). */
export function firestoreRefs(firestore: Firestore) {
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

  return { tenantRef, slugRef, membersOf, memberRef, invitesOf, inviteRef, profileRef, membershipIndexOf, membershipIndexRef, pendingInvites, pendingInviteRef, inviteClaimRef };
}

export type FirestoreRefs = ReturnType<typeof firestoreRefs>;

/** The member document goes before its index entry, so a `create` that fails leaves no stray entry behind. */
export function createMember(refs: FirestoreRefs, tx: Transaction, member: Member): void {
  const { memberRef, membershipIndexRef } = refs;
  tx.create(memberRef(member.tenantId, member.uid), {
    tenantId: member.tenantId,
    uid: member.uid,
    email: member.email,
    role: member.role,
    joinedAt: Timestamp.fromDate(new Date(member.joinedAt)),
  });
  tx.set(membershipIndexRef(member.uid, member.tenantId), { tenantId: member.tenantId });
}

export function readTenant(snapshot: DocumentSnapshot): Tenant {
  const stored = tenantDoc.parse(snapshot.data());
  return {
    id: snapshot.id,
    name: stored.name,
    slug: stored.slug,
    createdAt: iso(stored.createdAt),
    createdBy: stored.createdBy,
  };
}

export function readMember(snapshot: DocumentSnapshot): Member {
  const stored = memberDoc.parse(snapshot.data());
  return { tenantId: stored.tenantId, uid: stored.uid, email: stored.email, role: stored.role, joinedAt: iso(stored.joinedAt) };
}

export function readInvite(snapshot: DocumentSnapshot): Invite {
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

export function iso(value: Timestamp): string {
  return value.toDate().toISOString();
}

// ISO-8601 UTC strings of one format sort as the instants they name.
export function byJoined(a: Member, b: Member): number {
  return a.joinedAt.localeCompare(b.joinedAt) || a.uid.localeCompare(b.uid);
}

export function byCreated(a: Invite, b: Invite): number {
  return a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);
}

/**
 * Ids become document path segments: one holding a '/' would address a different
 * document (another tenant's, say), so such ids are refused rather than escaped.
 */
export function segment(id: string): string {
  if (id === '' || id === '.' || id === '..' || id.includes('/') || /^__.*__$/.test(id)) {
    throw new FacilFlowError('INVALID', `"${id}" cannot be used as a document id`);
  }
  return id;
}

export function tenantNotFound(tenantId: string): FacilFlowError {
  return new FacilFlowError('NOT_FOUND', `Tenant ${tenantId} does not exist`);
}

export function isAlreadyExists(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === ALREADY_EXISTS;
}

/** A `create` losing a race fails with ALREADY_EXISTS: to the caller that is a CONFLICT. */
export async function conflictOnExisting<T>(message: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isAlreadyExists(error)) throw new FacilFlowError('CONFLICT', message);
    throw error;
  }
}

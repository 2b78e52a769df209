import { FacilFlowError, inviteSchema, memberSchema, tenantSchema } from '@facilflow/contracts';
import type { ErrorCode, HumanRole } from '@facilflow/contracts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NewInvite, NewTenant, TenantDirectory } from '../../src/directory/index.ts';

export interface DirectoryUnderTest {
  directory: TenantDirectory;
  teardown(): Promise<void>;
}

const HOUR = 3_600_000;

const ann = { uid: 'uid-ann', email: 'ann@acme.test' };
const bob = { uid: 'uid-bob', email: 'Bob@Example.test' };
const cat = { uid: 'uid-cat', email: 'cat@example.test' };

function tenant(id: string, creator = ann.uid): NewTenant {
  return { id, name: `Tenant ${id}`, slug: `slug-${id}`, createdBy: creator };
}

function invite(tenantId: string, id: string, email: string, options: { role?: HumanRole; expiresAt?: Date } = {}): NewInvite {
  return {
    id,
    tenantId,
    email,
    role: options.role ?? 'engineer',
    invitedBy: ann.uid,
    expiresAt: options.expiresAt ?? new Date(Date.now() + 24 * HOUR),
  };
}

async function expectFailure(promise: Promise<unknown>, code: ErrorCode): Promise<void> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FacilFlowError);
  expect((error as FacilFlowError).code).toBe(code);
}

/** Timestamps of both stores have millisecond resolution at best; a pause makes "later" observable. */
const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 5));

/**
 * The behaviour every TenantDirectory adapter must have. `setup` runs before each test
 * and must hand out an empty directory.
 */
export function describeTenantDirectoryContract(name: string, setup: () => Promise<DirectoryUnderTest>): void {
  describe(`TenantDirectory contract: ${name}`, () => {
    let directory: TenantDirectory;
    let teardown: (() => Promise<void>) | undefined;

    beforeEach(async () => {
      const under = await setup();
      directory = under.directory;
      teardown = under.teardown;
    });

    afterEach(async () => {
      await teardown?.();
      teardown = undefined;
    });

    describe('tenants', () => {
      it('creates a tenant with its creator as owner', async () => {
        const created = await directory.createTenant(tenant('acme'), ann);
        expect(tenantSchema.parse(created)).toEqual(created);
        expect(created).toMatchObject({ id: 'acme', name: 'Tenant acme', slug: 'slug-acme', createdBy: ann.uid });
        expect(await directory.getTenant('acme')).toEqual(created);
        expect(await directory.getMember('acme', ann.uid)).toMatchObject({ tenantId: 'acme', uid: ann.uid, email: ann.email, role: 'owner' });
        expect(await directory.countOwners('acme')).toBe(1);
      });

      it('returns null for an unknown tenant', async () => {
        expect(await directory.getTenant('nobody')).toBeNull();
      });

      it('refuses a taken slug with CONFLICT and creates nothing', async () => {
        await directory.createTenant(tenant('acme'), ann);
        await expectFailure(directory.createTenant({ ...tenant('other', bob.uid), slug: 'slug-acme' }, bob), 'CONFLICT');
        expect(await directory.getTenant('other')).toBeNull();
        expect(await directory.listMembershipsForUser(bob.uid)).toEqual([]);
      });

      it('refuses a taken id with CONFLICT and leaves the first tenant as it was', async () => {
        const first = await directory.createTenant(tenant('acme'), ann);
        await expectFailure(directory.createTenant({ ...tenant('acme', bob.uid), slug: 'fresh-slug' }, bob), 'CONFLICT');
        expect(await directory.getTenant('acme')).toEqual(first);
        expect(await directory.getMember('acme', bob.uid)).toBeNull();
      });
    });

    describe('members', () => {
      beforeEach(async () => {
        await directory.createTenant(tenant('acme'), ann);
      });

      it('adds members and lists them in the order they joined', async () => {
        await tick();
        const added = await directory.addMember('acme', { uid: bob.uid, email: null, role: 'viewer' });
        expect(memberSchema.parse(added)).toEqual(added);
        expect(added).toMatchObject({ tenantId: 'acme', uid: bob.uid, email: null, role: 'viewer' });
        expect(await directory.getMember('acme', bob.uid)).toEqual(added);
        expect((await directory.listMembers('acme')).map((m) => [m.uid, m.role])).toEqual([
          [ann.uid, 'owner'],
          [bob.uid, 'viewer'],
        ]);
      });

      it('refuses a second membership with CONFLICT and keeps the first', async () => {
        await directory.addMember('acme', { uid: bob.uid, email: bob.email, role: 'viewer' });
        await expectFailure(directory.addMember('acme', { uid: bob.uid, email: bob.email, role: 'admin' }), 'CONFLICT');
        expect(await directory.getMember('acme', bob.uid)).toMatchObject({ role: 'viewer' });
      });

      it('refuses a member of an unknown tenant with NOT_FOUND', async () => {
        await expectFailure(directory.addMember('nobody', { uid: bob.uid, email: null, role: 'viewer' }), 'NOT_FOUND');
        expect(await directory.listMembershipsForUser(bob.uid)).toEqual([]);
      });

      it('changes a role, and answers null for someone who is not a member', async () => {
        await directory.addMember('acme', { uid: bob.uid, email: bob.email, role: 'viewer' });
        const updated = await directory.updateMemberRole('acme', bob.uid, 'admin');
        expect(updated).toMatchObject({ tenantId: 'acme', uid: bob.uid, role: 'admin' });
        expect(await directory.getMember('acme', bob.uid)).toEqual(updated);
        expect(await directory.updateMemberRole('acme', cat.uid, 'admin')).toBeNull();
        expect(await directory.getMember('acme', cat.uid)).toBeNull();
      });

      it('removes a member once', async () => {
        await directory.addMember('acme', { uid: bob.uid, email: bob.email, role: 'viewer' });
        expect(await directory.removeMember('acme', bob.uid)).toBe(true);
        expect(await directory.removeMember('acme', bob.uid)).toBe(false);
        expect(await directory.getMember('acme', bob.uid)).toBeNull();
        expect((await directory.listMembers('acme')).map((m) => m.uid)).toEqual([ann.uid]);
      });

      it('counts the owners of one tenant only', async () => {
        await directory.createTenant(tenant('globex', cat.uid), cat);
        await directory.addMember('acme', { uid: bob.uid, email: bob.email, role: 'owner' });
        await directory.addMember('acme', { uid: cat.uid, email: cat.email, role: 'admin' });
        expect(await directory.countOwners('acme')).toBe(2);
        await directory.updateMemberRole('acme', bob.uid, 'engineer');
        expect(await directory.countOwners('acme')).toBe(1);
        expect(await directory.countOwners('globex')).toBe(1);
        expect(await directory.countOwners('nobody')).toBe(0);
      });
    });

    describe('tenant isolation', () => {
      beforeEach(async () => {
        await directory.createTenant(tenant('acme'), ann);
        await directory.createTenant(tenant('globex', cat.uid), cat);
        await directory.addMember('acme', { uid: bob.uid, email: bob.email, role: 'engineer' });
      });

      it("keeps tenant A's members invisible and untouchable through tenant B's id", async () => {
        const before = await directory.getMember('acme', bob.uid);
        expect(await directory.getMember('globex', bob.uid)).toBeNull();
        expect((await directory.listMembers('globex')).map((m) => m.uid)).toEqual([cat.uid]);
        expect(await directory.updateMemberRole('globex', bob.uid, 'owner')).toBeNull();
        expect(await directory.removeMember('globex', bob.uid)).toBe(false);
        expect(await directory.removeMember('globex', ann.uid)).toBe(false);
        expect(await directory.getMember('acme', bob.uid)).toEqual(before);
        expect(await directory.countOwners('acme')).toBe(1);
        expect(await directory.countOwners('globex')).toBe(1);
      });

      it("keeps tenant A's invites invisible and unrevokable through tenant B's id", async () => {
        const pending = await directory.createInvite(invite('acme', 'inv-a', 'dan@example.test'));
        expect(await directory.listInvites('globex')).toEqual([]);
        expect(await directory.revokeInvite('globex', 'inv-a')).toBeNull();
        expect(await directory.listInvites('acme')).toEqual([pending]);
      });
    });

    describe('invites', () => {
      beforeEach(async () => {
        await directory.createTenant(tenant('acme'), ann);
        await directory.createTenant(tenant('globex', cat.uid), cat);
      });

      it('creates a pending invite and lists it for its tenant', async () => {
        const expiresAt = new Date(Date.now() + 24 * HOUR);
        const created = await directory.createInvite(invite('acme', 'inv-1', bob.email, { role: 'operator', expiresAt }));
        expect(inviteSchema.parse(created)).toEqual(created);
        expect(created).toMatchObject({
          id: 'inv-1',
          tenantId: 'acme',
          email: bob.email,
          role: 'operator',
          invitedBy: ann.uid,
          status: 'pending',
          expiresAt: expiresAt.toISOString(),
        });
        expect(await directory.listInvites('acme')).toEqual([created]);
      });

      it('refuses a second pending invite for the same email in any letter case, but not in another tenant', async () => {
        await directory.createInvite(invite('acme', 'inv-1', 'bob@example.test'));
        await expectFailure(directory.createInvite(invite('acme', 'inv-2', 'BOB@example.TEST')), 'CONFLICT');
        await directory.createInvite(invite('globex', 'inv-3', 'bob@example.test'));
        expect((await directory.listInvites('acme')).map((i) => i.id)).toEqual(['inv-1']);
      });

      it('refuses an invite to an unknown tenant with NOT_FOUND', async () => {
        await expectFailure(directory.createInvite(invite('nobody', 'inv-1', bob.email)), 'NOT_FOUND');
        expect(await directory.listPendingInvitesForEmail(bob.email, new Date())).toEqual([]);
      });

      it('lets an expired pending invite be replaced, revoking it', async () => {
        await directory.createInvite(invite('acme', 'inv-old', bob.email, { expiresAt: new Date(Date.now() - HOUR) }));
        await directory.createInvite(invite('acme', 'inv-new', bob.email));
        const statuses = Object.fromEntries((await directory.listInvites('acme')).map((i) => [i.id, i.status]));
        expect(statuses).toEqual({ 'inv-old': 'revoked', 'inv-new': 'pending' });
      });

      it('revokes a pending invite once', async () => {
        await directory.createInvite(invite('acme', 'inv-1', bob.email));
        expect(await directory.revokeInvite('acme', 'inv-1')).toMatchObject({ id: 'inv-1', status: 'revoked' });
        expect(await directory.revokeInvite('acme', 'inv-1')).toBeNull();
        expect(await directory.revokeInvite('acme', 'unknown')).toBeNull();
        expect(await directory.listInvites('acme')).toMatchObject([{ id: 'inv-1', status: 'revoked' }]);
        expect(await directory.listPendingInvitesForEmail(bob.email, new Date())).toEqual([]);
        await directory.createInvite(invite('acme', 'inv-2', bob.email));
      });

      it('finds pending invites for an email across tenants, in any letter case, oldest first', async () => {
        const first = await directory.createInvite(invite('globex', 'inv-g', 'bob@example.test'));
        await tick();
        const second = await directory.createInvite(invite('acme', 'inv-a', 'BOB@EXAMPLE.TEST'));
        await directory.createInvite(invite('acme', 'inv-other', 'someone@example.test'));
        expect(await directory.listPendingInvitesForEmail('Bob@Example.Test', new Date())).toEqual([first, second]);
      });

      it('leaves out invites that expired by the given time, and revoked ones', async () => {
        const now = new Date();
        await directory.createInvite(invite('acme', 'inv-a', bob.email, { expiresAt: new Date(now.getTime() + HOUR) }));
        await directory.createInvite(invite('globex', 'inv-g', bob.email, { expiresAt: new Date(now.getTime() + 3 * HOUR) }));
        const ids = async (at: Date) => (await directory.listPendingInvitesForEmail(bob.email, at)).map((i) => i.id).sort();
        expect(await ids(now)).toEqual(['inv-a', 'inv-g']);
        expect(await ids(new Date(now.getTime() + 2 * HOUR))).toEqual(['inv-g']);
        await directory.revokeInvite('globex', 'inv-g');
        expect(await ids(now)).toEqual(['inv-a']);
      });
    });

    describe('acceptInvite', () => {
      beforeEach(async () => {
        await directory.createTenant(tenant('acme'), ann);
      });

      it('adds the member with the invited role and uses the invite up', async () => {
        await directory.createInvite(invite('acme', 'inv-1', bob.email, { role: 'operator' }));
        const member = await directory.acceptInvite('inv-1', bob);
        expect(member).toMatchObject({ tenantId: 'acme', uid: bob.uid, email: bob.email, role: 'operator' });
        expect(memberSchema.parse(member)).toEqual(member);
        expect(await directory.getMember('acme', bob.uid)).toEqual(member);
        expect(await directory.listInvites('acme')).toMatchObject([{ id: 'inv-1', status: 'accepted' }]);
        expect(await directory.listPendingInvitesForEmail(bob.email, new Date())).toEqual([]);
      });

      it('matches the email in any letter case', async () => {
        await directory.createInvite(invite('acme', 'inv-1', 'bob@example.test'));
        expect(await directory.acceptInvite('inv-1', { uid: bob.uid, email: 'BOB@example.test' })).toMatchObject({ uid: bob.uid });
      });

      it('refuses an invite addressed to another email, leaving it pending', async () => {
        await directory.createInvite(invite('acme', 'inv-1', bob.email));
        expect(await directory.acceptInvite('inv-1', cat)).toBeNull();
        expect(await directory.getMember('acme', cat.uid)).toBeNull();
        expect(await directory.listInvites('acme')).toMatchObject([{ status: 'pending' }]);
      });

      it('refuses expired, revoked and unknown invites', async () => {
        await directory.createInvite(invite('acme', 'inv-expired', bob.email, { expiresAt: new Date(Date.now() - 1000) }));
        expect(await directory.acceptInvite('inv-expired', bob)).toBeNull();
        await directory.createInvite(invite('acme', 'inv-revoked', bob.email));
        await directory.revokeInvite('acme', 'inv-revoked');
        expect(await directory.acceptInvite('inv-revoked', bob)).toBeNull();
        expect(await directory.acceptInvite('unknown', bob)).toBeNull();
        expect(await directory.getMember('acme', bob.uid)).toBeNull();
      });

      it('accepts an invite once when it is accepted twice', async () => {
        await directory.createInvite(invite('acme', 'inv-1', bob.email));
        expect(await directory.acceptInvite('inv-1', bob)).not.toBeNull();
        expect(await directory.acceptInvite('inv-1', bob)).toBeNull();
        expect((await directory.listMembers('acme')).map((m) => m.uid).sort()).toEqual([ann.uid, bob.uid].sort());
      });

      it('accepts an invite once when two accepts race', async () => {
        await directory.createInvite(invite('acme', 'inv-1', bob.email));
        const results = await Promise.all([directory.acceptInvite('inv-1', bob), directory.acceptInvite('inv-1', bob)]);
        expect(results.filter((r) => r !== null)).toHaveLength(1);
        expect((await directory.listMembers('acme')).filter((m) => m.uid === bob.uid)).toHaveLength(1);
        expect(await directory.listInvites('acme')).toMatchObject([{ status: 'accepted' }]);
      });

      it('keeps the role of someone who is already a member, and uses the invite up', async () => {
        await directory.addMember('acme', { uid: bob.uid, email: bob.email, role: 'admin' });
        await directory.createInvite(invite('acme', 'inv-1', bob.email, { role: 'viewer' }));
        expect(await directory.acceptInvite('inv-1', bob)).toMatchObject({ uid: bob.uid, role: 'admin' });
        expect(await directory.getMember('acme', bob.uid)).toMatchObject({ role: 'admin' });
        expect(await directory.listInvites('acme')).toMatchObject([{ status: 'accepted' }]);
      });
    });

    describe('listMembershipsForUser', () => {
      it("lists the user's tenants with their roles, in the order joined, and nobody else's", async () => {
        const acme = await directory.createTenant(tenant('acme'), ann);
        const globex = await directory.createTenant(tenant('globex', cat.uid), cat);
        await tick();
        await directory.createInvite(invite('globex', 'inv-g', bob.email, { role: 'viewer' }));
        await directory.acceptInvite('inv-g', bob);
        await tick();
        await directory.addMember('acme', { uid: bob.uid, email: bob.email, role: 'admin' });

        expect(await directory.listMembershipsForUser(bob.uid)).toEqual([
          { tenant: globex, role: 'viewer' },
          { tenant: acme, role: 'admin' },
        ]);
        expect(await directory.listMembershipsForUser(ann.uid)).toEqual([{ tenant: acme, role: 'owner' }]);
        expect(await directory.listMembershipsForUser('uid-stranger')).toEqual([]);

        await directory.updateMemberRole('acme', bob.uid, 'operator');
        await directory.removeMember('globex', bob.uid);
        expect(await directory.listMembershipsForUser(bob.uid)).toEqual([{ tenant: acme, role: 'operator' }]);
      });
    });

    describe('profiles', () => {
      it('stores, replaces and deletes one profile per user', async () => {
        expect(await directory.getProfile(bob.uid)).toBeNull();
        const profile = { uid: bob.uid, email: bob.email, displayName: 'Bob', activeTenantId: null };
        expect(await directory.upsertProfile(profile)).toEqual(profile);
        expect(await directory.getProfile(bob.uid)).toEqual(profile);

        const switched = { ...profile, displayName: null, activeTenantId: 'acme' };
        expect(await directory.upsertProfile(switched)).toEqual(switched);
        expect(await directory.getProfile(bob.uid)).toEqual(switched);
        expect(await directory.getProfile(cat.uid)).toBeNull();

        expect(await directory.deleteProfile(bob.uid)).toBe(true);
        expect(await directory.deleteProfile(bob.uid)).toBe(false);
        expect(await directory.getProfile(bob.uid)).toBeNull();
      });
    });
  });
}

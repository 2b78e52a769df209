import { createTestPlatform, type TestPlatform, type TestTenant } from '@facilflow/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let t: TestPlatform;
let tenant: TestTenant;

beforeAll(async () => {
  t = await createTestPlatform();
  tenant = await t.createTenant('Auth Plant');
});
afterAll(() => t?.close());

const code = (p: Promise<unknown>) => p.then(() => 'ok', (e: { code: string }) => e.code);

describe('API keys', () => {
  it('authenticate as the key, in its tenant, with its role, and record last use', async () => {
    const key = await t.apiKey(tenant.tenantId, 'engineer');
    const principal = await t.runtime.authenticate(key);
    expect(principal).toMatchObject({ tenantId: tenant.tenantId, role: 'engineer', actor: { type: 'apiKey' } });
    const { apiKeys } = (await t.call(tenant.ownerPrincipal, 'apiKeys.list')) as { apiKeys: Array<{ id: string; lastUsedAt: string | null }> };
    expect(apiKeys.find((k) => key.includes(k.id))?.lastUsedAt).not.toBeNull();
  });

  it('stop working the moment they are revoked', async () => {
    const key = await t.apiKey(tenant.tenantId, 'viewer');
    const id = key.split('_')[1]!;
    await t.runtime.authenticate(key);
    const first = await t.call(tenant.ownerPrincipal, 'apiKeys.revoke', { id }).catch((e: { details: { confirmationToken: string } }) => e);
    await t.call(tenant.ownerPrincipal, 'apiKeys.revoke', { id, confirmationToken: (first as { details: { confirmationToken: string } }).details.confirmationToken });
    await expect(t.runtime.authenticate(key)).rejects.toMatchObject({ code: 'UNAUTHENTICATED', message: /revoked/ });
  });

  it('refuse malformed, unknown and wrong-secret keys', async () => {
    const key = await t.apiKey(tenant.tenantId, 'viewer');
    expect(await code(t.runtime.authenticate('ffk_short'))).toBe('UNAUTHENTICATED');
    expect(await code(t.runtime.authenticate(`ffk_${'a'.repeat(16)}_${'b'.repeat(43)}`))).toBe('UNAUTHENTICATED');
    const wrongSecret = key.slice(0, -1) + (key.endsWith('A') ? 'B' : 'A');
    expect(await code(t.runtime.authenticate(wrongSecret))).toBe('UNAUTHENTICATED');
    expect(await code(t.runtime.authenticate(''))).toBe('UNAUTHENTICATED');
  });

  it('are stored as a hash, never the secret', async () => {
    const key = await t.apiKey(tenant.tenantId, 'viewer');
    const secret = key.split('_').slice(2).join('_');
    const rows = await t.platform.services.db.withTenant(tenant.tenantId, (tx) => tx.query.apiKeys.findMany());
    expect(JSON.stringify(rows)).not.toContain(secret);
  });
});

describe('Firebase ID tokens', () => {
  it('carry no tenant until the user creates one, then the new tenant', async () => {
    const user = await t.signUp();
    expect(await t.runtime.authenticate(await user.idToken())).toMatchObject({ tenantId: null, role: null });
    const principal = await t.runtime.authenticate(await user.idToken());
    const created = (await t.call(principal, 'tenants.create', { name: 'Fresh Plant' })) as { tenant: { id: string } };
    expect(await t.runtime.authenticate(await user.idToken())).toMatchObject({ tenantId: created.tenant.id, role: 'owner' });
  });

  it('take the role from the directory, so a demotion applies to a token already issued', async () => {
    const user = await t.signUp();
    await t.platform.services.directory.addMember(tenant.tenantId, { uid: user.uid, email: user.email, role: 'admin' });
    await t.call({ actor: { type: 'user', uid: user.uid, email: user.email }, tenantId: null, role: null }, 'tenants.switch', { tenantId: tenant.tenantId });
    const token = await user.idToken();
    expect(await t.runtime.authenticate(token)).toMatchObject({ tenantId: tenant.tenantId, role: 'admin' });
    await t.call(tenant.ownerPrincipal, 'members.updateRole', { uid: user.uid, role: 'viewer' });
    const demoted = await t.runtime.authenticate(token);
    expect(demoted.role).toBe('viewer');
    expect(await code(t.call(demoted, 'apiKeys.create', { name: 'x', role: 'viewer' }))).toBe('FORBIDDEN');
  });

  it('lose the tenant the moment the member is removed', async () => {
    const user = await t.signUp();
    await t.platform.services.directory.addMember(tenant.tenantId, { uid: user.uid, email: user.email, role: 'engineer' });
    await t.call({ actor: { type: 'user', uid: user.uid, email: user.email }, tenantId: null, role: null }, 'tenants.switch', { tenantId: tenant.tenantId });
    const token = await user.idToken();
    const first = await t.call(tenant.ownerPrincipal, 'members.remove', { uid: user.uid }).catch((e: { details: { confirmationToken: string } }) => e);
    await t.call(tenant.ownerPrincipal, 'members.remove', { uid: user.uid, confirmationToken: (first as { details: { confirmationToken: string } }).details.confirmationToken });
    expect(await t.runtime.authenticate(token)).toMatchObject({ tenantId: null, role: null });
    expect(await t.runtime.authenticate(await user.idToken())).toMatchObject({ tenantId: null });
  });

  it('refuse garbage', async () => {
    expect(await code(t.runtime.authenticate('not-a-jwt'))).toBe('UNAUTHENTICATED');
  });
});

describe('invites', () => {
  it('are accepted on sign-in and make the tenant active', async () => {
    const email = `invited-${Date.now()}@example.test`;
    await t.call(tenant.ownerPrincipal, 'members.invite', { email, role: 'operator' });
    const user = await t.signUp(email);
    const unverified = await t.runtime.authenticate(await user.idToken());
    expect(await t.call(unverified, 'invites.accept')).toMatchObject({ joined: [], emailVerificationRequired: true });
    await t.markEmailVerified(user.uid);
    const principal = await t.runtime.authenticate(await user.idToken());
    const accepted = (await t.call(principal, 'invites.accept')) as { joined: Array<{ tenantId: string; role: string }> };
    expect(accepted.joined).toEqual([{ tenantId: tenant.tenantId, role: 'operator' }]);
    expect(await t.runtime.authenticate(await user.idToken())).toMatchObject({ tenantId: tenant.tenantId, role: 'operator' });
    const again = (await t.call(principal, 'invites.accept')) as { joined: unknown[] };
    expect(again.joined).toEqual([]);
  });

  it('never make an owner unless an owner invites', async () => {
    const admin = await t.memberPrincipal(tenant.tenantId, 'admin');
    expect(await code(t.call(admin, 'members.invite', { email: 'owner2@example.test', role: 'owner' }))).toBe('FORBIDDEN');
  });
});

describe('ownership', () => {
  it('the last owner can be neither demoted nor removed', async () => {
    const solo = await t.createTenant('Solo Plant');
    expect(await code(t.call(solo.ownerPrincipal, 'members.updateRole', { uid: solo.owner.uid, role: 'admin' }))).toBe('CONFLICT');
    expect(await code(t.call(solo.ownerPrincipal, 'members.remove', { uid: solo.owner.uid }))).toBe('CONFLICT');
  });

  it('an admin cannot demote an owner', async () => {
    const admin = await t.memberPrincipal(tenant.tenantId, 'admin');
    expect(await code(t.call(admin, 'members.updateRole', { uid: tenant.owner.uid, role: 'viewer' }))).toBe('FORBIDDEN');
  });
});

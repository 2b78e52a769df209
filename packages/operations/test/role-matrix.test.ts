import { ROLES, type Role } from '@facilflow/contracts';
import { createTestPlatform, type TestPlatform } from '@facilflow/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { realMember, uniqueEmail } from './fixtures.ts';
import { ROLE_MATRIX } from './role-matrix.ts';

let t: TestPlatform;
let tenantId: string;

beforeAll(async () => {
  t = await createTestPlatform();
  ({ tenantId } = await t.createTenant('Matrix Plant'));
});
afterAll(() => t?.close());

/** A valid input for each operation, so an allowed call succeeds rather than failing for another reason. */
const inputs: Record<string, () => Promise<unknown>> = {
  'tenants.create': async () => ({ name: 'Matrix Spin-off' }),
  'tenants.get': async () => ({}),
  'tenants.switch': async () => ({ tenantId }),
  'tenants.listMine': async () => ({}),
  'invites.accept': async () => ({}),
  'members.list': async () => ({}),
  'members.invite': async () => ({ email: uniqueEmail(), role: 'viewer' }),
  'members.updateRole': async () => {
    const target = await t.memberPrincipal(tenantId, 'viewer');
    return { uid: target.actor.type === 'user' ? target.actor.uid : '', role: 'engineer' };
  },
  'members.remove': async () => {
    const target = await t.memberPrincipal(tenantId, 'viewer');
    return { uid: target.actor.type === 'user' ? target.actor.uid : '' };
  },
  'apiKeys.create': async () => ({ name: 'matrix', role: 'viewer' }),
  'apiKeys.list': async () => ({}),
  'apiKeys.revoke': async () => {
    const key = await t.apiKey(tenantId, 'viewer');
    return { id: key.split('_')[1] };
  },
  'audit.list': async () => ({}),
};

describe('role matrix', () => {
  it('covers every registered operation, and only those', () => {
    const names = t.runtime.registry.list().map((op) => op.name).sort();
    expect(Object.keys(ROLE_MATRIX).sort()).toEqual(names);
    expect(Object.keys(inputs).sort()).toEqual(names);
  });

  const cases = Object.keys(ROLE_MATRIX).flatMap((operation) => ROLES.map((role) => [operation, role] as const));

  it.each(cases)('%s as %s', async (operation, role: Role) => {
    const principal = await realMember(t, tenantId, role);
    const input = await inputs[operation]!();
    const allowed = ROLE_MATRIX[operation]!.includes(role);
    const outcome = await t.call(principal, operation, input).then(
      () => 'ok',
      (e: { code: string }) => e.code,
    );
    const destructive = t.runtime.registry.get(operation)!.effect === 'destructive';
    expect(outcome).toBe(allowed ? (destructive ? 'NEEDS_CONFIRMATION' : 'ok') : 'FORBIDDEN');
  });
});

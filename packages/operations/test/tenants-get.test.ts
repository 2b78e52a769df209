import { createTestPlatform, type TestPlatform, type TestTenant } from '@facilflow/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let t: TestPlatform;
let a: TestTenant;
let b: TestTenant;

beforeAll(async () => {
  t = await createTestPlatform();
  a = await t.createTenant('Settings Plant A');
  b = await t.createTenant('Settings Plant B');
});
afterAll(() => t?.close());

type TenantAnswer = { tenant: { id: string; name: string }; role: string; approvalSettings: { elicitationApproves: boolean } };

const tenantOf = async (tenant: TestTenant, via: 'web' | 'mcp' | 'api' = 'web') => (await t.call(tenant.ownerPrincipal, 'tenants.get', {}, via)) as TenantAnswer;

describe('tenants.get', () => {
  it('shows the default approval settings of a tenant that never chose: only the web app and the CLI approve', async () => {
    expect(await tenantOf(a)).toEqual({ tenant: expect.objectContaining({ id: a.tenantId, name: 'Settings Plant A' }), role: 'owner', approvalSettings: { elicitationApproves: false } });
  });

  it('reads back what tenants.updateApprovalSettings set, on every front, and only for the tenant that set it', async () => {
    await t.call(a.ownerPrincipal, 'tenants.updateApprovalSettings', { elicitationApproves: true }, 'web');
    for (const via of ['web', 'mcp', 'api'] as const) expect((await tenantOf(a, via)).approvalSettings).toEqual({ elicitationApproves: true });
    // Tenant B's owner reads B's own settings: A's choice does not reach it.
    expect(await tenantOf(b)).toMatchObject({ tenant: { id: b.tenantId }, approvalSettings: { elicitationApproves: false } });

    await t.call(a.ownerPrincipal, 'tenants.updateApprovalSettings', { elicitationApproves: false }, 'web');
    expect((await tenantOf(a)).approvalSettings).toEqual({ elicitationApproves: false });
  });

  it('shows the settings to every reader of the tenant, a viewer API key too', async () => {
    await t.call(b.ownerPrincipal, 'tenants.updateApprovalSettings', { elicitationApproves: true }, 'web');
    const viewer = await t.runtime.authenticate(await t.apiKey(b.tenantId, 'viewer'));
    expect(await t.call(viewer, 'tenants.get', {}, 'api')).toMatchObject({ tenant: { id: b.tenantId }, role: 'viewer', approvalSettings: { elicitationApproves: true } });
  });
});

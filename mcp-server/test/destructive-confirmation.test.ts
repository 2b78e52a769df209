import type { Approval, Principal } from '@facilflow/contracts';
import type { TestPlatform, TestTenant } from '@facilflow/testkit';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpFixture, type HttpFixture } from './support/http-fixture.ts';
import { apiKeyId, callTool, postInitialize, toolError } from './support/mcp-clients.ts';

let http: HttpFixture;
let t: TestPlatform;
let tenant: TestTenant;
let admin: Client;
let person: Principal;

beforeAll(async () => {
  http = await startHttpFixture();
  t = http.t;
  tenant = await t.createTenant('Confirm Plant');
  admin = await http.connect(await t.apiKey(tenant.tenantId, 'admin'));
  person = await t.memberPrincipal(tenant.tenantId, 'admin');
});
afterAll(() => http?.close());

const status = async (key: string) => (await postInitialize(http.url, { authorization: `Bearer ${key}` })).status;

/** What an MCP client gets for a destructive call: a request for a person, nothing applied. */
async function ask(client: Client, input: Record<string, unknown>) {
  const answer = toolError(await callTool(client, 'apiKeys_revoke', input));
  expect(answer).toMatchObject({ code: 'PENDING_APPROVAL', plan: expect.any(String), approvalId: expect.any(String), approvalUrl: expect.stringContaining('/approvals/') });
  expect(answer).not.toHaveProperty('confirmationToken');
  return answer as { plan: string; approvalId: string; approvalUrl: string };
}

async function approve(id: string): Promise<Approval> {
  return ((await t.call(person, 'approvals.approve', { id }, 'web')) as { approval: Approval }).approval;
}

describe('destructive operations over MCP wait for a person', () => {
  it('answer with the plan and the approval for a person; repeating the call applies nothing', async () => {
    const victim = await t.apiKey(tenant.tenantId, 'viewer');
    const first = await ask(admin, { id: apiKeyId(victim) });
    expect(first.plan).toContain('Revoke API key');
    const again = await ask(admin, { id: apiKeyId(victim), confirmationToken: 'anything-the-model-makes-up' });
    expect(again.approvalId).toBe(first.approvalId);
    expect(await status(victim)).toBe(200);
  });

  it('a person approving applies it once; the model cannot approve it itself', async () => {
    const victim = await t.apiKey(tenant.tenantId, 'viewer');
    const { approvalId } = await ask(admin, { id: apiKeyId(victim) });
    const selfApproval = toolError(await callTool(admin, 'approvals_approve', { id: approvalId }));
    expect(selfApproval).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('API key that asked') });
    expect(await status(victim)).toBe(200);

    expect(await approve(approvalId)).toMatchObject({ status: 'applied', result: { apiKey: { id: apiKeyId(victim), revokedAt: expect.any(String) } } });
    expect(await status(victim)).toBe(401);
    await expect(approve(approvalId)).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('another key cannot approve what one key asked, even in the same tenant', async () => {
    const victim = await t.apiKey(tenant.tenantId, 'viewer');
    const { approvalId } = await ask(admin, { id: apiKeyId(victim) });
    const otherAdmin = await http.connect(await t.apiKey(tenant.tenantId, 'admin'));
    expect(toolError(await callTool(otherAdmin, 'approvals_approve', { id: approvalId }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await status(victim)).toBe(200);
  });

  it('a key an admin created for automation keeps the two-phase token for its own calls', async () => {
    const { secret } = (await t.call(tenant.ownerPrincipal, 'apiKeys.create', { name: 'nightly job', role: 'admin', automation: true })) as { secret: string };
    const automation = await http.connect(secret);
    const victim = await t.apiKey(tenant.tenantId, 'viewer');
    const asked = toolError(await callTool(automation, 'apiKeys_revoke', { id: apiKeyId(victim) }));
    expect(asked).toMatchObject({ code: 'NEEDS_CONFIRMATION', confirmationToken: expect.any(String) });
    const applied = await callTool(automation, 'apiKeys_revoke', { id: apiKeyId(victim), confirmationToken: asked.confirmationToken });
    expect(applied.isError).toBeFalsy();
    expect(await status(victim)).toBe(401);
  });
});

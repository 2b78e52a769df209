import type { AuditRecord } from '@facilflow/contracts';
import type { TestPlatform, TestTenant } from '@facilflow/testkit';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpFixture, type HttpFixture } from './support/http-fixture.ts';
import { apiKeyId, callTool, toolError } from './support/mcp-clients.ts';

let http: HttpFixture;
let t: TestPlatform;
let tenant: TestTenant;
let adminKey: string;
let admin: Client;

beforeAll(async () => {
  http = await startHttpFixture();
  t = http.t;
  tenant = await t.createTenant('Audit Plant');
  adminKey = await t.apiKey(tenant.tenantId, 'admin');
  admin = await http.connect(adminKey);
});
afterAll(() => http?.close());

async function mcpRecords(): Promise<AuditRecord[]> {
  const { items } = (await t.call(tenant.ownerPrincipal, 'audit.list', { limit: 200 })) as { items: AuditRecord[] };
  return items.filter((record) => record.front === 'mcp');
}

/** Runs one MCP call and returns the audit records it added: the caller expects exactly one, or none. */
async function recordsAddedBy(call: () => Promise<unknown>): Promise<AuditRecord[]> {
  const before = new Set((await mcpRecords()).map((record) => record.id));
  await call();
  return (await mcpRecords()).filter((record) => !before.has(record.id));
}

const byAdminKey = () => ({ actorType: 'apiKey', actorId: `apiKey:${apiKeyId(adminKey)}`, tenantId: tenant.tenantId, front: 'mcp' });

describe('every write or destructive MCP call leaves exactly one audit record with front mcp', () => {
  it('a write', async () => {
    const added = await recordsAddedBy(() => callTool(admin, 'apiKeys_create', { name: 'audited', role: 'viewer' }));
    expect(added).toEqual([expect.objectContaining({ ...byAdminKey(), operation: 'apiKeys.create', effect: 'write', outcome: 'ok', errorCode: null })]);
    expect(added[0]?.input).toEqual({ name: 'audited', role: 'viewer' });
  });

  it('a denied write', async () => {
    const member = await t.memberPrincipal(tenant.tenantId, 'viewer');
    const uid = member.actor.type === 'user' ? member.actor.uid : '';
    const added = await recordsAddedBy(async () => {
      // Only an owner grants the owner role; an admin key is refused by the domain rules.
      expect(toolError(await callTool(admin, 'members_updateRole', { uid, role: 'owner' }))).toMatchObject({ code: 'FORBIDDEN' });
    });
    expect(added).toEqual([expect.objectContaining({ ...byAdminKey(), operation: 'members.updateRole', outcome: 'error', errorCode: 'FORBIDDEN' })]);
  });

  it('a call to a tool outside the key\'s role', async () => {
    const viewerKey = await t.apiKey(tenant.tenantId, 'viewer');
    const viewer = await http.connect(viewerKey);
    const added = await recordsAddedBy(async () => {
      expect(toolError(await callTool(viewer, 'apiKeys_create', { name: 'sneaky', role: 'admin' }))).toMatchObject({ code: 'FORBIDDEN' });
    });
    expect(added).toEqual([
      expect.objectContaining({ actorId: `apiKey:${apiKeyId(viewerKey)}`, front: 'mcp', operation: 'apiKeys.create', outcome: 'error', errorCode: 'FORBIDDEN' }),
    ]);
  });

  it('a destructive call files a request for a person; the approval applies it as the key\'s call on mcp', async () => {
    const victim = apiKeyId(await t.apiKey(tenant.tenantId, 'viewer'));
    let approvalId = '';
    const asked = await recordsAddedBy(async () => {
      ({ approvalId } = toolError(await callTool(admin, 'apiKeys_revoke', { id: victim })) as { approvalId: string });
    });
    expect(asked).toEqual([
      expect.objectContaining({ ...byAdminKey(), operation: 'apiKeys.revoke', effect: 'destructive', outcome: 'error', errorCode: 'PENDING_APPROVAL' }),
    ]);

    const person = await t.memberPrincipal(tenant.tenantId, 'admin');
    // Stateless HTTP has no MCP session, so no conversation id; the key itself can never approve.
    expect(asked[0]?.conversationId).toBeNull();
    const applied = await recordsAddedBy(() => t.call(person, 'approvals.approve', { id: approvalId }, 'web'));
    expect(applied).toEqual([
      expect.objectContaining({ ...byAdminKey(), operation: 'apiKeys.revoke', outcome: 'ok', errorCode: null }),
    ]);
    expect(applied[0]?.input).toEqual({ id: victim });
  });

  it('no record for reads or for listing tools', async () => {
    const added = await recordsAddedBy(async () => {
      await admin.listTools();
      await callTool(admin, 'tenants_get');
      await callTool(admin, 'apiKeys_list');
    });
    expect(added).toEqual([]);
  });
});

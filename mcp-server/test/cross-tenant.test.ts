import type { TestPlatform, TestTenant } from '@facilflow/testkit';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpFixture, type HttpFixture } from './support/http-fixture.ts';
import { apiKeyId, callTool, postInitialize, toolError } from './support/mcp-clients.ts';

let http: HttpFixture;
let t: TestPlatform;
let a: TestTenant;
let b: TestTenant;
let fromA: Client;
let keyOfB: string;
let memberOfB: string;

beforeAll(async () => {
  http = await startHttpFixture();
  t = http.t;
  a = await t.createTenant('Plant A');
  b = await t.createTenant('Plant B');
  fromA = await http.connect(await t.apiKey(a.tenantId, 'admin'));
  keyOfB = await t.apiKey(b.tenantId, 'viewer');
  const member = await t.memberPrincipal(b.tenantId, 'viewer');
  if (member.actor.type !== 'user') throw new Error('memberPrincipal returned no person');
  memberOfB = member.actor.uid;
});
afterAll(() => http?.close());

describe('a tenant-A key cannot reach tenant B over MCP', () => {
  it.each([
    ['apiKeys_revoke', () => ({ id: apiKeyId(keyOfB) })],
    ['members_updateRole', () => ({ uid: memberOfB, role: 'engineer' })],
    ['members_remove', () => ({ uid: memberOfB })],
  ])('%s with an id from tenant B is NOT_FOUND', async (tool, input) => {
    expect(toolError(await callTool(fromA, tool, input()))).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('leaves tenant B unchanged', async () => {
    const { apiKeys } = (await t.call(b.ownerPrincipal, 'apiKeys.list')) as { apiKeys: { id: string; revokedAt: string | null }[] };
    expect(apiKeys.find((key) => key.id === apiKeyId(keyOfB))).toMatchObject({ revokedAt: null });
    expect((await postInitialize(http.url, { authorization: `Bearer ${keyOfB}` })).status).toBe(200);
    const { members } = (await t.call(b.ownerPrincipal, 'members.list')) as { members: { uid: string; role: string }[] };
    expect(members.find((member) => member.uid === memberOfB)).toMatchObject({ role: 'viewer' });
  });
});

import type { TestPlatform, TestTenant } from '@facilflow/testkit';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpFixture, type HttpFixture } from './support/http-fixture.ts';
import { apiKeyId, callTool, postInitialize, toolError } from './support/mcp-clients.ts';

let http: HttpFixture;
let t: TestPlatform;
let tenant: TestTenant;
let admin: Client;

beforeAll(async () => {
  http = await startHttpFixture();
  t = http.t;
  tenant = await t.createTenant('Confirm Plant');
  admin = await http.connect(await t.apiKey(tenant.tenantId, 'admin'));
});
afterAll(() => http?.close());

const status = async (key: string) => (await postInitialize(http.url, { authorization: `Bearer ${key}` })).status;

/** The first phase of a destructive call: its plan and token, with nothing applied yet. */
async function ask(input: { id: string }) {
  const answer = toolError(await callTool(admin, 'apiKeys_revoke', input));
  expect(answer).toMatchObject({ code: 'NEEDS_CONFIRMATION', plan: expect.any(String), confirmationToken: expect.any(String) });
  return answer as { plan: string; confirmationToken: string };
}

describe('destructive operations over MCP are two-phase', () => {
  it('answers the first call with a plan and a token, and applies it on the second', async () => {
    const victim = await t.apiKey(tenant.tenantId, 'viewer');
    const { plan, confirmationToken } = await ask({ id: apiKeyId(victim) });
    expect(plan).toContain('Revoke API key');
    expect(await status(victim)).toBe(200);

    const applied = await callTool(admin, 'apiKeys_revoke', { id: apiKeyId(victim), confirmationToken });
    expect(applied.isError).toBeFalsy();
    expect(applied.structuredContent).toMatchObject({ apiKey: { id: apiKeyId(victim), revokedAt: expect.any(String) } });
    expect(await status(victim)).toBe(401);

    const reused = toolError(await callTool(admin, 'apiKeys_revoke', { id: apiKeyId(victim), confirmationToken }));
    expect(reused).toMatchObject({ code: 'INVALID', message: expect.stringContaining('already used') });
  });

  it('refuses a token issued for a different input and leaves that key working', async () => {
    const asked = await t.apiKey(tenant.tenantId, 'viewer');
    const other = await t.apiKey(tenant.tenantId, 'viewer');
    const { confirmationToken } = await ask({ id: apiKeyId(asked) });

    const refused = toolError(await callTool(admin, 'apiKeys_revoke', { id: apiKeyId(other), confirmationToken }));
    expect(refused).toMatchObject({ code: 'INVALID', message: expect.stringContaining('different call') });
    expect(await status(other)).toBe(200);
    expect(await status(asked)).toBe(200);
  });

  it('refuses a token another key was given for the same input', async () => {
    const victim = await t.apiKey(tenant.tenantId, 'viewer');
    const { confirmationToken } = await ask({ id: apiKeyId(victim) });
    const otherAdmin = await http.connect(await t.apiKey(tenant.tenantId, 'admin'));

    const refused = toolError(await callTool(otherAdmin, 'apiKeys_revoke', { id: apiKeyId(victim), confirmationToken }));
    expect(refused).toMatchObject({ code: 'INVALID' });
    expect(await status(victim)).toBe(200);
  });
});

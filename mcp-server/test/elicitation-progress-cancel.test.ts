import { ALL_TOOLS } from '@facilflow/operations/mcp';
import type { Approval, AuditRecord, Principal } from '@facilflow/contracts';
import type { Runtime } from '@facilflow/operations';
import { createTestPlatform, type TestPlatform, type TestTenant } from '@facilflow/testkit';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { ElicitRequestSchema, type ElicitResult, type Progress } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFacilFlowMcpServer } from '../src/create-facilflow-mcp-server.ts';
import { apiKeyId, callTool, toolError } from './support/mcp-clients.ts';

let t: TestPlatform;
let tenant: TestTenant;
let person: Principal;
let adminKey: string;
const clients: Client[] = [];

beforeAll(async () => {
  t = await createTestPlatform();
  tenant = await t.createTenant('Elicitation Plant');
  person = await t.memberPrincipal(tenant.tenantId, 'admin');
  adminKey = await t.apiKey(tenant.tenantId, 'admin');
});
afterAll(async () => {
  await Promise.allSettled(clients.map((client) => client.close()));
  await t?.close();
});

/** A client in this process, like Claude Desktop over stdio: one session, optionally answering elicitations. */
async function connect(options: { runtime?: Runtime; answer?: ElicitResult } = {}): Promise<{ client: Client; asked: string[] }> {
  const principal = await t.runtime.authenticate(adminKey);
  const server = createFacilFlowMcpServer(options.runtime ?? t.runtime, principal, ALL_TOOLS);
  const client = new Client({ name: 'facilflow-test', version: '0.0.0' }, options.answer ? { capabilities: { elicitation: {} } } : {});
  const asked: string[] = [];
  const answer = options.answer;
  if (answer) {
    client.setRequestHandler(ElicitRequestSchema, (request) => {
      asked.push(request.params.message);
      return answer;
    });
  }
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  await client.connect(clientSide);
  clients.push(client);
  return { client, asked };
}

const setElicitationApproves = (on: boolean) => t.call(person, 'tenants.updateApprovalSettings', { elicitationApproves: on }, 'web');
const approval = async (id: string) => ((await t.call(person, 'approvals.get', { id }, 'web')) as { approval: Approval }).approval;
const keyWorks = (key: string) => t.runtime.authenticate(key).then(() => true, () => false);

describe('elicitation of a pending approval', () => {
  it('asks the person, but by default only the web app approves: the request stays pending', async () => {
    const { client, asked } = await connect({ answer: { action: 'accept', content: { approve: true } } });
    const victim = await t.apiKey(tenant.tenantId, 'viewer');
    const answer = toolError(await callTool(client, 'apiKeys_revoke', { id: apiKeyId(victim) }));
    expect(asked).toHaveLength(1);
    expect(asked[0]).toContain('Revoke API key');
    expect(answer).toMatchObject({ code: 'PENDING_APPROVAL', message: expect.stringContaining('counts only approvals in the web app') });
    expect(await approval(answer.approvalId as string)).toMatchObject({ status: 'pending', decidedVia: null });
    expect(await keyWorks(victim)).toBe(true);
  });

  it('with the setting on, an accepted elicitation applies the call once, decided via elicitation and audited', async () => {
    await setElicitationApproves(true);
    try {
      const { client } = await connect({ answer: { action: 'accept', content: { approve: true } } });
      const victim = await t.apiKey(tenant.tenantId, 'viewer');
      const result = await callTool(client, 'apiKeys_revoke', { id: apiKeyId(victim) });
      expect(result.isError, JSON.stringify(result)).toBeFalsy();
      const [first] = result.content;
      const text = first?.type === 'text' ? first.text : '';
      expect(text).toContain('approved this in their MCP client');
      const id = /by the approval (\S+)\./.exec(text)?.[1] as string;
      expect(await approval(id)).toMatchObject({ status: 'applied', decidedVia: 'elicitation', result: { apiKey: { id: apiKeyId(victim) } } });
      expect(await keyWorks(victim)).toBe(false);

      const audit = ((await t.call(person, 'audit.list', { limit: 50 }, 'web')) as { items: AuditRecord[] }).items;
      const decision = audit.filter((r) => r.operation === 'approvals.approve' && (r.input as { id?: string }).id === id);
      expect(decision).toMatchObject([{ front: 'mcp', outcome: 'ok', input: { decidedVia: 'elicitation' } }]);
      const applied = audit.filter((r) => r.operation === 'apiKeys.revoke' && r.outcome === 'ok' && (r.input as { id?: string }).id === apiKeyId(victim));
      expect(applied).toHaveLength(1);
      // Decided once: the web app finds it done.
      await expect(t.call(person, 'approvals.approve', { id }, 'web')).rejects.toMatchObject({ code: 'CONFLICT' });
    } finally {
      await setElicitationApproves(false);
    }
  });

  it('a decline leaves the request pending, even with the setting on', async () => {
    await setElicitationApproves(true);
    try {
      const { client } = await connect({ answer: { action: 'decline' } });
      const victim = await t.apiKey(tenant.tenantId, 'viewer');
      const answer = toolError(await callTool(client, 'apiKeys_revoke', { id: apiKeyId(victim) }));
      expect(answer).toMatchObject({ code: 'PENDING_APPROVAL', message: expect.stringContaining('answered "decline"') });
      expect(await approval(answer.approvalId as string)).toMatchObject({ status: 'pending' });
      expect(await keyWorks(victim)).toBe(true);
    } finally {
      await setElicitationApproves(false);
    }
  });

  it('without the capability nothing changes, and no model changes the setting', async () => {
    const { client } = await connect();
    const victim = await t.apiKey(tenant.tenantId, 'viewer');
    const answer = toolError(await callTool(client, 'apiKeys_revoke', { id: apiKeyId(victim) }));
    expect(answer.code).toBe('PENDING_APPROVAL');
    expect(answer.message).not.toContain('MCP client');
    expect(await approval(answer.approvalId as string)).toMatchObject({ status: 'pending' });
    expect(toolError(await callTool(client, 'tenants_updateApprovalSettings', { elicitationApproves: true }))).toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('progress and cancellation', () => {
  it('sends progress for a long query and aborts it in the store when the client cancels', { timeout: 60_000 }, async () => {
    const settled: Array<Promise<unknown>> = [];
    const watched: Runtime = {
      ...t.runtime,
      invoke: (...args) => {
        const call = t.runtime.invoke(...args);
        settled.push(call.then(() => 'finished', (error: unknown) => error));
        return call;
      },
    };
    const { client } = await connect({ runtime: watched });
    const cancel = new AbortController();
    const progress: Progress[] = [];
    const endless = client.callTool({ name: 'telemetry_query', arguments: { sql: 'SELECT count(*) AS n FROM range(10_000_000_000)', maxRows: 10, timeoutMs: 60_000 } }, undefined, {
      signal: cancel.signal,
      onprogress: (update) => {
        progress.push(update);
        cancel.abort('the person pressed stop');
      },
    });
    await expect(endless).rejects.toThrow(/stop|abort|cancel/i);
    expect(progress[0]).toMatchObject({ progress: 0, message: 'telemetry.query started' });
    const [outcome] = await Promise.all(settled);
    expect(outcome).toMatchObject({ code: 'UNAVAILABLE', message: expect.stringMatching(/request was closed/) });
  });
});

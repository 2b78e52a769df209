import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { jarvisStreamEventSchema, type JarvisStreamEvent } from '@facilflow/contracts';
import { createJarvis, loadJarvisConfig, NOT_CONFIGURED_MESSAGE } from '@facilflow/jarvis';
import { createTestPlatform, type TestPlatform, type TestTenant } from '@facilflow/testkit';
import { startFakeAnthropic, type FakeAnthropic } from '@facilflow/testkit/fake-anthropic';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJarvisRouter } from '../server/jarvis-route.ts';
import { createRestApiRouter } from '../server/rest-api-route.ts';
import { createJarvisTurns } from '../server/jarvis-turns.ts';

let t: TestPlatform;
let tenant: TestTenant;
let fake: FakeAnthropic;
const servers: Server[] = [];

beforeAll(async () => {
  t = await createTestPlatform();
  tenant = await t.createTenant('Jarvis HTTP Plant');
  fake = await startFakeAnthropic();
});
afterAll(async () => {
  for (const server of servers) await new Promise<void>((resolve) => server.close(() => resolve()));
  await fake?.close();
  await t?.close();
});

async function serve(apiKey: string | undefined): Promise<string> {
  const env = apiKey ? { ANTHROPIC_API_KEY: apiKey, ANTHROPIC_BASE_URL: fake.url } : {};
  const app = express().use('/api/jarvis', createJarvisRouter(t.runtime, createJarvisTurns(t.runtime, createJarvis({ runtime: t.runtime, config: loadJarvisConfig(env) }))));
  const server = app.listen(0, '127.0.0.1');
  servers.push(server);
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function parseEvents(body: string): JarvisStreamEvent[] {
  return body
    .split('\n\n')
    .filter((chunk) => chunk.trim())
    .map((chunk) => {
      const data = chunk.split('\n').find((line) => line.startsWith('data: '));
      return jarvisStreamEventSchema.parse(JSON.parse(data!.slice('data: '.length)));
    });
}

describe('POST /api/jarvis/conversations/:id/messages', () => {
  it('streams the answer as server-sent events to a caller with an API key: text, tool call, tool result, receipt, done', async () => {
    const key = await t.apiKey(tenant.tenantId, 'engineer');
    const principal = await t.runtime.authenticate(key);
    const { conversation } = (await t.call(principal, 'conversations.create', {})) as { conversation: { id: string } };
    fake.script([
      { blocks: [{ type: 'tool_use', name: 'pipelines_list', input: {} }] },
      { blocks: [{ type: 'text', text: 'You have no pipelines yet.' }] },
    ]);
    const url = await serve('test-key');
    const res = await fetch(`${url}/api/jarvis/conversations/${conversation.id}/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'Which pipelines do I have?', page: { path: '/pipelines' } }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const events = parseEvents(await res.text());
    expect(events.map((event) => event.type)).toEqual(['tool_call', 'tool_result', 'text', 'text', 'receipt', 'done']);
    expect(events.find((event) => event.type === 'receipt')).toMatchObject({ receipt: { operations: [{ operation: 'pipelines.list', outcome: 'ok' }] } });
  });

  it('answers a caller without a credential 401, and another person\'s conversation 404, before streaming anything', async () => {
    const url = await serve('test-key');
    const { conversation } = (await t.call(tenant.ownerPrincipal, 'conversations.create', {})) as { conversation: { id: string } };
    const post = (headers: Record<string, string>) =>
      fetch(`${url}/api/jarvis/conversations/${conversation.id}/messages`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ text: 'hi' }) });
    expect((await post({})).status).toBe(401);
    const other = await t.apiKey(tenant.tenantId, 'admin');
    const refused = await post({ authorization: `Bearer ${other}` });
    expect(refused.status).toBe(404);
    expect(await refused.json()).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('without ANTHROPIC_API_KEY answers 503 UNAVAILABLE saying how to configure Jarvis', async () => {
    const url = await serve(undefined);
    const res = await fetch(`${url}/api/jarvis/conversations/conv_whatever1/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'hi' }) });
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ code: 'UNAVAILABLE', message: NOT_CONFIGURED_MESSAGE });
  });

  it('over the tenant\'s Jarvis budget streams one error event with the reason and asks the model nothing; the REST front shows each tenant its own budget', async () => {
    const plant = await t.createTenant('Jarvis Budget Plant');
    const other = await t.createTenant('Jarvis Other Plant');
    await t.call(plant.ownerPrincipal, 'budgets.set', { monthlyTokenLimit: 10, monthlyCostLimitUsd: null });
    const key = await t.apiKey(plant.tenantId, 'operator');
    const principal = await t.runtime.authenticate(key);
    const { conversation } = (await t.call(principal, 'conversations.create', {})) as { conversation: { id: string } };
    const url = await serve('test-key');
    const post = () =>
      fetch(`${url}/api/jarvis/conversations/${conversation.id}/messages`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ text: 'Hello' }),
      });
    fake.script([{ blocks: [{ type: 'text', text: 'Hello.' }], usage: { input_tokens: 20, output_tokens: 0 } }]);
    expect(parseEvents(await (await post()).text()).map((event) => event.type)).toEqual(['text', 'text', 'receipt', 'done']);
    const requests = fake.requests.length;
    const refused = parseEvents(await (await post()).text());
    expect(refused).toEqual([{ type: 'error', code: 'RATE_LIMITED', message: expect.stringContaining("Jarvis's monthly budget for this tenant is used up (20 tokens of 10 tokens)") }]);
    expect(fake.requests.length).toBe(requests);

    const rest = express().use('/api/v1', createRestApiRouter(t.runtime));
    const server = rest.listen(0, '127.0.0.1');
    servers.push(server);
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`;
    const otherAdmin = await t.apiKey(other.tenantId, 'admin');
    const get = async (path: string, bearer: string) => (await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${bearer}` } })).json();
    expect(await get('/budgets/get', otherAdmin)).toMatchObject({ budget: { monthlyTokenLimit: null } });
    expect(await get('/usage/get', otherAdmin)).toMatchObject({ totals: { requests: 0 }, byConversation: [] });
    expect(await get(`/usage/list?input=${encodeURIComponent(JSON.stringify({ conversationId: conversation.id }))}`, otherAdmin)).toEqual({ items: [], nextCursor: null });
    const set = await fetch(`${base}/budgets/set`, {
      method: 'POST',
      headers: { authorization: `Bearer ${otherAdmin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ monthlyTokenLimit: 999, monthlyCostLimitUsd: null }),
    });
    expect(set.status).toBe(200);
    expect(await get('/budgets/get', key)).toMatchObject({ budget: { monthlyTokenLimit: 10 } });
    expect(await get('/usage/get', key)).toMatchObject({ totals: { requests: 1, tokens: 20 }, budget: { exhausted: true } });
  });
});

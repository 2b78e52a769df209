import { jarvisSocketAckSchema, jarvisSocketEventSchema, type JarvisSocketAck, type JarvisSocketEvent, type JarvisStreamEvent } from '@facilflow/contracts';
import { createJarvis, loadJarvisConfig } from '@facilflow/jarvis';
import { createTestPlatform, freePort, type TestPlatform, type TestTenant } from '@facilflow/testkit';
import { startFakeAnthropic, type FakeAnthropic, type FakeTurn } from '@facilflow/testkit/fake-anthropic';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createServer, type FacilFlowServer } from '../server/create-server.ts';

let t: TestPlatform;
let fake: FakeAnthropic;
let server: FacilFlowServer;
let plantA: TestTenant;
let plantB: TestTenant;
const sockets: Socket[] = [];

beforeAll(async () => {
  t = await createTestPlatform({ FACILFLOW_HTTP_PORT: String(await freePort()) });
  fake = await startFakeAnthropic();
  const jarvis = createJarvis({ runtime: t.runtime, config: loadJarvisConfig({ ANTHROPIC_API_KEY: 'test-key', ANTHROPIC_BASE_URL: fake.url }) });
  server = await createServer({ config: t.platform.config, platform: t.platform, runtime: t.runtime, jarvis });
  plantA = await t.createTenant('Jarvis Socket Plant A');
  plantB = await t.createTenant('Jarvis Socket Plant B');
});
afterAll(async () => {
  for (const socket of sockets) socket.close();
  await server?.close();
  await fake?.close();
  await t?.close();
});

interface Client {
  socket: Socket;
  events: JarvisSocketEvent[];
  /** Every emit acknowledged, parsed with the contract's schema. */
  request(event: 'jarvis:send' | 'jarvis:watch' | 'jarvis:cancel', payload: unknown): Promise<JarvisSocketAck>;
  /** The conversation's events from the `since`-th received on, once one ends its turn (done or error). */
  turnEnd(conversationId: string, since?: number): Promise<JarvisStreamEvent[]>;
}

function connect(options: { token?: string; cookie?: string }): Promise<Client> {
  const socket = io(`${server.url}/jarvis`, {
    auth: options.token ? { token: options.token } : {},
    ...(options.cookie ? { extraHeaders: { cookie: options.cookie } } : {}),
    transports: ['websocket'],
    reconnection: false,
  });
  sockets.push(socket);
  const events: JarvisSocketEvent[] = [];
  const waiting: Array<() => void> = [];
  socket.on('jarvis:event', (raw: unknown) => {
    events.push(jarvisSocketEventSchema.parse(raw));
    for (const check of [...waiting]) check();
  });
  const client: Client = {
    socket,
    events,
    request: (event, payload) => socket.emitWithAck(event, payload).then((raw: unknown) => jarvisSocketAckSchema.parse(raw)),
    turnEnd: (conversationId, since = 0) =>
      new Promise((resolve) => {
        const check = () => {
          const mine = events.slice(since).filter((e) => e.conversationId === conversationId).map((e) => e.event);
          if (!mine.some((e) => e.type === 'done' || e.type === 'error')) return;
          waiting.splice(waiting.indexOf(check), 1);
          resolve(mine);
        };
        waiting.push(check);
        check();
      }),
  };
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(client));
    socket.once('connect_error', reject);
  });
}

const newConversation = async (token: string) => {
  const principal = await t.runtime.authenticate(token);
  return ((await t.call(principal, 'conversations.create', {})) as { conversation: { id: string } }).conversation.id;
};

const conversationOf = (ack: JarvisSocketAck) => {
  if (!ack.ok) throw new Error(`refused: ${ack.code} ${ack.message}`);
  return ack.conversationId;
};

describe('the /jarvis namespace', () => {
  it('streams a turn to the sender and the person\'s watching tab, never to a colleague, ending in done with a receipt', async () => {
    const key = await t.apiKey(plantA.tenantId, 'engineer');
    const colleagueKey = await t.apiKey(plantA.tenantId, 'engineer');
    const conversationId = await newConversation(key);
    const [sender, secondTab, colleague] = await Promise.all([connect({ token: key }), connect({ token: key }), connect({ token: colleagueKey })]);
    expect(await secondTab.request('jarvis:watch', { conversationId })).toEqual({ ok: true, conversationId });
    expect(await colleague.request('jarvis:watch', { conversationId })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    fake.script([
      { blocks: [{ type: 'tool_use', name: 'pipelines_list', input: {} }] },
      { blocks: [{ type: 'text', text: 'You have no pipelines yet.' }] },
    ]);

    expect(await sender.request('jarvis:send', { conversationId, message: 'Which pipelines do I have?', page: { path: '/pipelines' } })).toEqual({ ok: true, conversationId });
    const events = await sender.turnEnd(conversationId);
    expect(events.map((e) => e.type)).toEqual(['tool_call', 'tool_result', 'text', 'text', 'receipt', 'done']);
    expect(events.find((e) => e.type === 'receipt')).toMatchObject({ receipt: { operations: [{ operation: 'pipelines.list', outcome: 'ok' }] } });
    expect((await secondTab.turnEnd(conversationId)).map((e) => e.type)).toEqual(events.map((e) => e.type));
    expect(colleague.events).toEqual([]);
  });

  it('refuses a socket without a credential, and lets in the web app\'s session cookie, a new conversation per message without an id', async () => {
    await expect(connect({})).rejects.toThrow(/^UNAUTHENTICATED: /);
    const viaCookie = await connect({ cookie: `ff_session=${await plantA.owner.idToken()}` });
    fake.script([{ blocks: [{ type: 'text', text: 'Hello.' }] }]);
    const conversationId = conversationOf(await viaCookie.request('jarvis:send', { message: 'Hi' }));
    expect((await viaCookie.turnEnd(conversationId)).at(-1)).toMatchObject({ type: 'done' });
    const saved = (await t.call(plantA.ownerPrincipal, 'conversations.get', { id: conversationId })) as { messages: Array<{ role: string; text: string }> };
    expect(saved.messages.map((m) => [m.role, m.text])).toEqual([
      ['user', 'Hi'],
      ['assistant', 'Hello.'],
    ]);
  });

  it('verifies the credential again on every emit: a key revoked after the socket connected sends nothing', async () => {
    const doomed = await t.apiKey(plantA.tenantId, 'engineer');
    const conversationId = await newConversation(doomed);
    const client = await connect({ token: doomed });
    const id = doomed.split('_')[1]!;
    const asked = await t.call(plantA.ownerPrincipal, 'apiKeys.revoke', { id }).catch((e: { details: { confirmationToken: string } }) => e.details.confirmationToken);
    await t.call(plantA.ownerPrincipal, 'apiKeys.revoke', { id, confirmationToken: asked });
    const requestsBefore = fake.requests.length;
    expect(await client.request('jarvis:send', { conversationId, message: 'Still here?' })).toMatchObject({ ok: false, code: 'UNAUTHENTICATED' });
    expect(await client.request('jarvis:watch', { conversationId })).toMatchObject({ ok: false, code: 'UNAUTHENTICATED' });
    expect(fake.requests.length).toBe(requestsBefore);
  });

  it('refuses input the SSE route refuses: a message over its bound, an unknown field, a malformed conversation id', async () => {
    const client = await connect({ token: await t.apiKey(plantA.tenantId, 'viewer') });
    expect(await client.request('jarvis:send', { message: 'x'.repeat(8_001) })).toMatchObject({ ok: false, code: 'INVALID', message: expect.stringMatching(/^message: /) });
    expect(await client.request('jarvis:send', { message: 'hi', tenantId: plantB.tenantId })).toMatchObject({ ok: false, code: 'INVALID' });
    expect(await client.request('jarvis:send', { conversationId: 'nope', message: 'hi' })).toMatchObject({ ok: false, code: 'INVALID' });
    expect(await client.request('jarvis:send', 'hi')).toMatchObject({ ok: false, code: 'INVALID' });
  });

  it("tenant B's socket can neither send into, watch, cancel nor hear tenant A's conversation: its id is not found", async () => {
    const keyA = await t.apiKey(plantA.tenantId, 'engineer');
    const conversationA = await newConversation(keyA);
    const [clientA, clientB] = await Promise.all([connect({ token: keyA }), connect({ token: await t.apiKey(plantB.tenantId, 'admin') })]);
    const requestsBefore = fake.requests.length;
    expect(await clientB.request('jarvis:send', { conversationId: conversationA, message: 'Tell me what tenant A asked' })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect(await clientB.request('jarvis:watch', { conversationId: conversationA })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect(fake.requests.length).toBe(requestsBefore);

    fake.script([{ blocks: [{ type: 'text', text: 'Secret plant A answer.' }] }]);
    expect(await clientA.request('jarvis:send', { conversationId: conversationA, message: 'Hello' })).toEqual({ ok: true, conversationId: conversationA });
    await clientA.turnEnd(conversationA);
    expect(await clientB.request('jarvis:cancel', { conversationId: conversationA })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect(clientB.events).toEqual([]);
    const saved = (await t.call(await t.runtime.authenticate(keyA), 'conversations.get', { id: conversationA })) as { messages: Array<{ text: string }> };
    expect(saved.messages.map((m) => m.text)).toEqual(['Hello', 'Secret plant A answer.']);
  });

  it('cancel stops the running turn: an error event CANCELLED, no done, nothing answered saved; meanwhile a second message is refused on both fronts', async () => {
    const key = await t.apiKey(plantA.tenantId, 'engineer');
    const conversationId = await newConversation(key);
    const client = await connect({ token: key });
    let modelAsked: () => void = () => undefined;
    const asked = new Promise<void>((resolve) => (modelAsked = resolve));
    let answerModel: (turn: FakeTurn) => void = () => undefined;
    fake.script([
      () => {
        modelAsked();
        return new Promise<FakeTurn>((resolve) => (answerModel = resolve));
      },
    ]);
    expect(await client.request('jarvis:send', { conversationId, message: 'Think for a long time' })).toEqual({ ok: true, conversationId });
    await asked;
    expect(await client.request('jarvis:send', { conversationId, message: 'And this too' })).toMatchObject({ ok: false, code: 'CONFLICT' });
    // The SSE route runs turns through the same module: the conversation is busy there too.
    const overHttp = await fetch(`${server.url}/api/jarvis/conversations/${conversationId}/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'Over HTTP meanwhile' }),
    });
    expect(overHttp.status).toBe(409);
    expect(await overHttp.json()).toMatchObject({ code: 'CONFLICT' });
    expect(await client.request('jarvis:cancel', { conversationId })).toEqual({ ok: true, conversationId });
    const events = await client.turnEnd(conversationId);
    answerModel({ blocks: [{ type: 'text', text: 'Too late.' }] });
    expect(events).toEqual([{ type: 'error', code: 'CANCELLED', message: 'The turn was cancelled' }]);
    const saved = (await t.call(await t.runtime.authenticate(key), 'conversations.get', { id: conversationId })) as { messages: Array<{ role: string }> };
    expect(saved.messages.map((m) => m.role)).toEqual(['user']);
    // The conversation is free again.
    fake.script([{ blocks: [{ type: 'text', text: 'Short answer.' }] }]);
    const since = client.events.length;
    expect(await client.request('jarvis:send', { conversationId, message: 'Answer briefly' })).toEqual({ ok: true, conversationId });
    expect((await client.turnEnd(conversationId, since)).at(-1)).toMatchObject({ type: 'done' });
  });

  it('cancels the turn when the last socket in its room leaves, which frees the conversation', async () => {
    const key = await t.apiKey(plantA.tenantId, 'engineer');
    const conversationId = await newConversation(key);
    const leaving = await connect({ token: key });
    let modelAsked: () => void = () => undefined;
    const asked = new Promise<void>((resolve) => (modelAsked = resolve));
    fake.script([
      () => {
        modelAsked();
        // Never answers: only the abort ends this turn.
        return new Promise<FakeTurn>(() => undefined);
      },
      { blocks: [{ type: 'text', text: 'Back again.' }] },
    ]);
    expect(await leaving.request('jarvis:send', { conversationId, message: 'Think for ever' })).toEqual({ ok: true, conversationId });
    await asked;
    leaving.socket.close();
    const returning = await connect({ token: key });
    // The abort unwinds on the server after the disconnect arrives: the conversation is busy until then, never after.
    await vi.waitFor(async () => expect(await returning.request('jarvis:send', { conversationId, message: 'Answer now' })).toEqual({ ok: true, conversationId }), { timeout: 20_000, interval: 50 });
    expect((await returning.turnEnd(conversationId)).at(-1)).toMatchObject({ type: 'done' });
    const saved = (await t.call(await t.runtime.authenticate(key), 'conversations.get', { id: conversationId })) as { messages: Array<{ role: string; text: string }> };
    expect(saved.messages.map((m) => [m.role, m.text])).toEqual([
      ['user', 'Think for ever'],
      ['user', 'Answer now'],
      ['assistant', 'Back again.'],
    ]);
  });
});

import { createJarvis, loadJarvisConfig, measureToolDefinitions, NOT_CONFIGURED_MESSAGE } from '@facilflow/jarvis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ask, newConversation, startJarvisFixture, type JarvisFixture } from './jarvis-fixture.ts';

let f: JarvisFixture;

beforeAll(async () => {
  f = await startJarvisFixture();
});
afterAll(() => f?.close());

const code = (p: Promise<unknown>) => p.then(() => 'ok', (e: { code: string }) => e.code);

describe('conversations', () => {
  it('are each person\'s own: listed, renamed and deleted by them, not found by anyone else in the tenant', async () => {
    const alice = await f.t.memberPrincipal(f.tenant.tenantId, 'operator');
    const bob = await f.t.memberPrincipal(f.tenant.tenantId, 'operator');
    const id = await newConversation(f.t, alice);
    f.fake.script([{ blocks: [{ type: 'text', text: 'Hello Alice.' }] }]);
    await ask(f, alice, id, 'Hello');

    await f.t.call(alice, 'conversations.rename', { id, title: 'Oven checks' });
    const listed = (await f.t.call(alice, 'conversations.list')) as { conversations: Array<{ id: string; title: string }> };
    expect(listed.conversations).toEqual([expect.objectContaining({ id, title: 'Oven checks' })]);

    expect(((await f.t.call(bob, 'conversations.list')) as { conversations: unknown[] }).conversations).toEqual([]);
    expect(await code(f.t.call(bob, 'conversations.get', { id }))).toBe('NOT_FOUND');
    expect(await code(f.t.call(bob, 'conversations.rename', { id, title: 'mine now' }))).toBe('NOT_FOUND');
    expect(await code(f.t.call(bob, 'conversations.delete', { id }))).toBe('NOT_FOUND');
    // Nor can Bob write into it through Jarvis.
    expect(await code(f.jarvis.send(bob, id, { text: 'hi' }, () => undefined))).toBe('NOT_FOUND');

    const plan = await f.t.call(alice, 'conversations.delete', { id }).catch((e: { code: string; details: { plan: string; confirmationToken: string } }) => e);
    expect(plan).toMatchObject({ code: 'NEEDS_CONFIRMATION' });
    const { details } = plan as { details: { plan: string; confirmationToken: string } };
    expect(details.plan).toContain('2 messages');
    expect(await f.t.call(alice, 'conversations.delete', { id, confirmationToken: details.confirmationToken })).toEqual({ deleted: true, messages: 2 });
    expect(await code(f.t.call(alice, 'conversations.get', { id }))).toBe('NOT_FOUND');
  });

  it('a write Jarvis makes is audited with the front jarvis and the conversation id', async () => {
    const owner = f.tenant.ownerPrincipal;
    const id = await newConversation(f.t, owner);
    f.fake.script([
      { blocks: [{ type: 'tool_use', name: 'find_tools', input: { query: 'invite member' } }] },
      { blocks: [{ type: 'tool_use', name: 'members_invite', input: { email: 'new-operator@example.test', role: 'operator' } }] },
      { blocks: [{ type: 'text', text: 'Invited.' }] },
    ]);
    await ask(f, owner, id, 'Invite new-operator@example.test as an operator');
    const audit = (await f.t.call(owner, 'audit.list', { operation: 'members.invite' })) as { items: Array<{ front: string; conversationId?: string; outcome: string }> };
    expect(audit.items[0]).toMatchObject({ front: 'jarvis', conversationId: id, outcome: 'ok' });
  });

  it('without ANTHROPIC_API_KEY Jarvis says it is not configured and how to configure it; the conversations still work', async () => {
    const unconfigured = createJarvis({ runtime: f.t.runtime, config: loadJarvisConfig({}) });
    expect(unconfigured.configured).toBe(false);
    const owner = f.tenant.ownerPrincipal;
    const id = await newConversation(f.t, owner);
    const refusal = await unconfigured.send(owner, id, { text: 'Hello' }, () => undefined).catch((e: { code: string; message: string }) => e);
    expect(refusal).toMatchObject({ code: 'UNAVAILABLE', message: NOT_CONFIGURED_MESSAGE });
    expect(NOT_CONFIGURED_MESSAGE).toContain('ANTHROPIC_API_KEY');
    expect(await code(f.t.call(owner, 'conversations.get', { id }))).toBe('ok');
  });

  it('refuses a configuration it cannot use, naming the variable', () => {
    expect(() => loadJarvisConfig({ ANTHROPIC_API_KEY: 'k', JARVIS_MAX_TURNS: 'many' })).toThrow(/JARVIS_MAX_TURNS/);
  });

  it('sends a small tool set per turn: find_tools and the daily tools, not the whole registry', async () => {
    const sizes = measureToolDefinitions(f.t.runtime, f.tenant.ownerPrincipal);
    console.log(`[jarvis] tool definitions per turn: ${sizes.perTurn.tools} tools, ${sizes.perTurn.bytes} bytes (~${sizes.perTurn.approxTokens} tokens); every tool: ${sizes.allTools.tools} tools, ${sizes.allTools.bytes} bytes (~${sizes.allTools.approxTokens} tokens)`);
    expect(sizes.perTurn.tools).toBeLessThan(sizes.allTools.tools);
    expect(sizes.perTurn.bytes * 3).toBeLessThan(sizes.allTools.bytes);
  });
});

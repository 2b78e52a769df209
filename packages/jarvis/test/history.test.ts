import type { ConversationMessage, Principal } from '@facilflow/contracts';
import { toolResultsOf } from '@facilflow/testkit/fake-anthropic';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { historyMessages } from '../src/history.ts';
import { ask, newConversation, startJarvisFixture, toolNames, type JarvisFixture } from './jarvis-fixture.ts';

let f: JarvisFixture;
let owner: Principal;

beforeAll(async () => {
  f = await startJarvisFixture();
  owner = f.tenant.ownerPrincipal;
});
afterAll(() => f?.close());

type Block = { type: string; id?: string; name?: string; tool_use_id?: string; content?: unknown; text?: string };
const blocksOf = (message: { content: unknown }) => (Array.isArray(message.content) ? (message.content as Block[]) : []);

describe('history sent to the model', () => {
  it('resends the earlier turn\'s tool calls and the results the model saw, and loads the tools they used', async () => {
    await f.t.platform.services.timeseries.write(f.tenant.tenantId, [{ m: 'kiln', tags: { zone: 'z1' }, f: { temp: 901 }, t: Date.now() }]);
    const conversationId = await newConversation(f.t, owner);
    f.fake.script([
      { blocks: [{ type: 'tool_use', name: 'find_tools', input: { query: 'list runs' } }] },
      { blocks: [{ type: 'tool_use', name: 'runs_list', input: {} }, { type: 'tool_use', name: 'telemetry_latest', input: { measurement: 'kiln' } }] },
      { blocks: [{ type: 'text', text: 'Kiln zone 1 is at 901 °C.' }] },
    ]);
    const first = await ask(f, owner, conversationId, 'How hot is the kiln?');
    const seen = first.events.flatMap((event) => (event.type === 'tool_call' ? [event.id] : []));
    expect(seen).toHaveLength(3);
    f.fake.script([
      (request) => {
        const messages = request.body.messages as Array<{ role: string; content: unknown }>;
        expect(messages.map((message) => message.role)).toEqual(['user', 'assistant', 'user', 'assistant', 'user']);
        expect(blocksOf(messages[1]!).map((block) => [block.type, block.id, block.name])).toEqual([
          ['tool_use', seen[0], 'find_tools'],
          ['tool_use', seen[1], 'runs_list'],
          ['tool_use', seen[2], 'telemetry_latest'],
        ]);
        const results = blocksOf(messages[2]!);
        expect(results.map((block) => block.tool_use_id)).toEqual(seen);
        // As the model saw it the first time: fenced, with the plant data inside.
        expect(String(results[2]?.content)).toMatch(/<untrusted-data-[0-9a-f]{16}>[\s\S]*901/);
        expect(blocksOf(messages[3]!)).toEqual([{ type: 'text', text: 'Kiln zone 1 is at 901 °C.' }]);
        expect(JSON.stringify(messages[4])).toContain('And in Fahrenheit?');
        // A tool the earlier turn found and used is loaded again.
        expect(toolNames(request)).toContain('runs_list');
        expect(toolResultsOf(request)).toEqual([]);
        return { blocks: [{ type: 'text', text: 'About 1654 °F.' }] };
      },
    ]);
    expect((await ask(f, owner, conversationId, 'And in Fahrenheit?')).answer.text).toBe('About 1654 °F.');
  });

  it('is bounded: only the newest calls that fit the byte budget are resent, older ones are left out whole', () => {
    const call = (id: string, bytes: number) => ({ id, tool: 'telemetry_latest', input: {}, isError: false, result: 'x'.repeat(bytes) });
    const message = (role: 'user' | 'assistant', text: string, toolCalls: ConversationMessage['toolCalls'] = []): ConversationMessage => ({
      id: `m_${text}`,
      role,
      text,
      toolCalls,
      receipt: null,
      createdAt: new Date(0).toISOString(),
    });
    const messages = [
      message('user', 'one'),
      message('assistant', 'first answer', [call('old', 600)]),
      message('user', 'two'),
      message('assistant', 'second answer', [call('mid', 600), call('new', 600)]),
    ];
    const ids = (budget: number) =>
      historyMessages(messages, budget).flatMap((m) => blocksOf(m).flatMap((block) => (block.type === 'tool_use' ? [block.id] : [])));
    expect(ids(10_000)).toEqual(['old', 'mid', 'new']);
    expect(ids(1_300)).toEqual(['mid', 'new']);
    expect(ids(700)).toEqual(['new']);
    expect(ids(0)).toEqual([]);
    // The texts stay, and roles still alternate.
    const roles = historyMessages(messages, 700).map((m) => m.role);
    expect(roles).toEqual(['user', 'assistant', 'user', 'assistant', 'user', 'assistant']);
  });
});

import { toolResultsOf } from '@facilflow/testkit/fake-anthropic';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ask, newConversation, startJarvisFixture, toolNames, type JarvisFixture } from './jarvis-fixture.ts';

let f: JarvisFixture;
const base = Date.parse('2026-11-30T08:00:00.000Z');

beforeAll(async () => {
  f = await startJarvisFixture();
  const points = [0, 1, 2, 3].map((minute) => ({ m: 'oven', tags: { machine: 'Oven2' }, f: { ZoneTemperature1: 180 + minute }, t: base + minute * 60_000 }));
  await f.t.platform.services.timeseries.write(f.tenant.tenantId, points);
});
afterAll(() => f?.close());

const SQL = "SELECT time, ZoneTemperature1 FROM oven WHERE machine = 'Oven2' ORDER BY time";

describe('Jarvis grounds answers on the catalog and queries', () => {
  it('catalog → query → answer, with a receipt naming the SQL, its time range, the measurement and its lineage', async () => {
    const owner = f.tenant.ownerPrincipal;
    const conversationId = await newConversation(f.t, owner);
    f.fake.script([
      (request) => {
        expect(request.body.stream).toBe(true);
        expect(toolNames(request)).toContain('find_tools');
        expect(toolNames(request)).toContain('telemetry_query');
        expect(JSON.stringify(request.body.system)).toContain('ephemeral');
        expect(request.body.tools?.some((tool) => tool.cache_control)).toBe(true);
        // The page the person is on travels with their message.
        expect(JSON.stringify(request.body.messages.at(-1))).toContain('/telemetry/oven');
        return { blocks: [{ type: 'tool_use', name: 'telemetry_exploreCatalog', input: {} }] };
      },
      (request) => {
        const [result] = toolResultsOf(request);
        // Fenced exactly as the MCP server fences it: the rule, the fields, a digest-named marker.
        expect(result?.content).toMatch(/^Text inside <untrusted-data-…> markers[^\n]*\n<untrusted-data-[0-9a-f]{16}>\n/);
        expect(result?.content).toContain('ZoneTemperature1');
        return { blocks: [{ type: 'text', text: 'Let me query it.' }, { type: 'tool_use', name: 'telemetry_query', input: { sql: SQL } }] };
      },
      (request) => {
        expect(toolResultsOf(request)[0]?.content).toContain('183');
        return { blocks: [{ type: 'text', text: 'Oven2 zone 1 rose from 180 to 183 °C between 08:00 and 08:03.' }] };
      },
    ]);
    const { answer, events } = await ask(f, owner, conversationId, 'How did Oven2 zone 1 temperature develop?', { path: '/telemetry/oven', title: 'Oven' });

    expect(answer.text).toContain('rose from 180 to 183');
    expect(answer.receipt.operations.map((op) => op.operation)).toEqual(['telemetry.exploreCatalog', 'telemetry.query', 'quality.issues']);
    expect(answer.receipt.queries).toEqual([{ sql: SQL, timeRange: { from: '2026-11-30T08:00:00.000Z', to: '2026-11-30T08:03:00.000Z' }, rowCount: 4, truncated: false }]);
    expect(answer.receipt.measurements).toEqual(['oven']);
    expect(answer.receipt.tags).toEqual(['machine=Oven2']);
    expect(answer.receipt.lineage).toEqual(['/lineage?node=measurement%3Aoven']);
    expect(events.map((event) => event.type)).toEqual(['tool_call', 'tool_result', 'text', 'text', 'tool_call', 'tool_result', 'text', 'text', 'receipt', 'done']);

    const saved = (await f.t.call(owner, 'conversations.get', { id: conversationId })) as { messages: Array<{ role: string; toolCalls: unknown[]; receipt: unknown }> };
    expect(saved.messages.map((m) => m.role)).toEqual(['user', 'assistant']);
    expect(saved.messages[1]?.toolCalls).toHaveLength(2);
    expect(saved.messages[1]?.receipt).toEqual(answer.receipt);
  });

  it('a failing query reaches the model as a tool error, and its corrected query is what the receipt names', async () => {
    const owner = f.tenant.ownerPrincipal;
    const conversationId = await newConversation(f.t, owner);
    const wrong = 'SELECT avg(ZoneTemp1) FROM oven';
    const fixed = 'SELECT avg(ZoneTemperature1) AS avg_temp FROM oven';
    f.fake.script([
      { blocks: [{ type: 'tool_use', name: 'telemetry_query', input: { sql: wrong } }] },
      (request) => {
        const [result] = toolResultsOf(request);
        expect(result?.is_error).toBe(true);
        expect(result?.content).toContain('ZoneTemp1');
        return { blocks: [{ type: 'tool_use', name: 'telemetry_query', input: { sql: fixed } }] };
      },
      (request) => {
        expect(toolResultsOf(request)[0]?.is_error).toBeUndefined();
        return { blocks: [{ type: 'text', text: 'The average is 181.5 °C.' }] };
      },
    ]);
    const { answer } = await ask(f, owner, conversationId, 'Average zone 1 temperature?');
    expect(answer.receipt.operations.slice(0, 2).map((op) => [op.operation, op.outcome])).toEqual([
      ['telemetry.query', 'error'],
      ['telemetry.query', 'ok'],
    ]);
    expect(answer.receipt.queries.map((q) => q.sql)).toEqual([fixed]);
  });

  it('bounds the retries of failing queries: past the bound the query does not run and the model is told to explain', async () => {
    const owner = f.tenant.ownerPrincipal;
    const conversationId = await newConversation(f.t, owner);
    const bad = { type: 'tool_use' as const, name: 'telemetry_query', input: { sql: 'SELECT nope FROM oven' } };
    // Three failures run (the default bound); the fourth attempt does not.
    f.fake.script([
      { blocks: [bad] },
      { blocks: [bad] },
      { blocks: [bad] },
      { blocks: [bad] },
      (request) => {
        expect(toolResultsOf(request)[0]?.content).toContain('RETRIES_EXHAUSTED');
        return { blocks: [{ type: 'text', text: 'The column nope does not exist.' }] };
      },
    ]);
    const { answer } = await ask(f, owner, conversationId, 'Show nope');
    expect(answer.receipt.operations.filter((op) => op.operation === 'telemetry.query')).toHaveLength(3);
  });
});

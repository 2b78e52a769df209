import type { JarvisStreamEvent, Principal, TenantScope } from '@facilflow/contracts';
import { checkJarvisBudget, recordJarvisUsage, type Services } from '@facilflow/core';
import { createJarvis, loadJarvisConfig, type Jarvis } from '@facilflow/jarvis';
import type { TestTenant } from '@facilflow/testkit';
import type { FakeUsage } from '@facilflow/testkit/fake-anthropic';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ask, newConversation, startJarvisFixture, type JarvisFixture } from './jarvis-fixture.ts';

let f: JarvisFixture;

beforeAll(async () => {
  f = await startJarvisFixture();
});
afterAll(() => f?.close());

// The default model, claude-sonnet-4-6: $3 input, $15 output, $0.30 cache read, $3.75 cache write per million tokens.
const REQUEST: FakeUsage = { input_tokens: 1_000, output_tokens: 200, cache_read_input_tokens: 500, cache_creation_input_tokens: 300 };
const REQUEST_TOKENS = 2_000;
const REQUEST_COST_USD = (1_000 * 3 + 200 * 15 + 500 * 0.3 + 300 * 3.75) / 1e6;

const usage = (tokens: Partial<FakeUsage>): FakeUsage => ({ input_tokens: 0, output_tokens: 0, cache_read_input_tokens: 0, cache_creation_input_tokens: 0, ...tokens });
const answer = (text: string, tokens: FakeUsage = REQUEST) => ({ blocks: [{ type: 'text' as const, text }], usage: tokens });

interface UsageReport {
  scope: 'tenant' | 'own';
  totals: { requests: number; tokens: number; costUsd: number; inputTokens: number; outputTokens: number; cacheReadTokens: number; cacheWriteTokens: number; unpricedRequests: number };
  byUser: Array<{ userId: string; requests: number; tokens: number; costUsd: number }>;
  byConversation: Array<{ conversationId: string; userId: string; requests: number; tokens: number }>;
  budget: { usedTokens: number; tokensPercentUsed: number | null; costPercentUsed: number | null; exhausted: boolean };
}
interface UsageRow {
  conversationId: string;
  userId: string;
  model: string;
  tokens: number;
  costUsd: number | null;
}

const usageOf = async (p: Principal, input: object = {}) => (await f.t.call(p, 'usage.get', input)) as UsageReport;
const rowsOf = async (p: Principal, input: object = {}) => ((await f.t.call(p, 'usage.list', input)) as { items: UsageRow[] }).items;
const code = (p: Promise<unknown>) => p.then(() => 'ok', (e: { code: string }) => e.code);
const userIdOf = (p: Principal) => (p.actor.type === 'user' ? `user:${p.actor.uid}` : '');

/** Sends a message that may be refused, keeping the events either way. */
async function attempt(jarvis: Jarvis, principal: Principal, conversationId: string, text: string) {
  const events: JarvisStreamEvent[] = [];
  const outcome = await jarvis.send(principal, conversationId, { text }, (event) => events.push(event)).then(
    () => ({ code: 'ok', message: '' }),
    (e: { code: string; message: string }) => ({ code: e.code, message: e.message }),
  );
  return { outcome, events };
}

async function freshTenant(): Promise<TestTenant> {
  return f.t.createTenant(`Budget Plant ${Math.random().toString(36).slice(2, 8)}`);
}

describe('Jarvis usage metering', () => {
  it('records every model request per conversation and per user, with its tokens and cost', async () => {
    const tenant = await freshTenant();
    const alice = await f.t.memberPrincipal(tenant.tenantId, 'operator');
    const bob = await f.t.memberPrincipal(tenant.tenantId, 'viewer');
    const aliceConversation = await newConversation(f.t, alice);
    const bobConversation = await newConversation(f.t, bob);

    f.fake.script([{ blocks: [{ type: 'tool_use', name: 'pipelines_list', input: {} }], usage: REQUEST }, answer('No pipelines yet.')]);
    const { events } = await ask(f, alice, aliceConversation, 'Which pipelines do I have?');
    expect(events.find((event) => event.type === 'done')).toMatchObject({ usage: { requests: 2, inputTokens: 2_000, outputTokens: 400, cacheReadInputTokens: 1_000, cacheCreationInputTokens: 600 } });
    f.fake.script([answer('Hello Bob.')]);
    await ask(f, bob, bobConversation, 'Hello');

    const report = await usageOf(alice);
    expect(report.scope).toBe('tenant');
    expect(report.totals).toMatchObject({ requests: 3, inputTokens: 3_000, outputTokens: 600, cacheReadTokens: 1_500, cacheWriteTokens: 900, tokens: 3 * REQUEST_TOKENS, unpricedRequests: 0 });
    expect(report.totals.costUsd).toBeCloseTo(3 * REQUEST_COST_USD, 9);
    expect(report.byUser).toEqual([
      expect.objectContaining({ userId: userIdOf(alice), requests: 2, tokens: 2 * REQUEST_TOKENS }),
      expect.objectContaining({ userId: userIdOf(bob), requests: 1, tokens: REQUEST_TOKENS }),
    ]);
    expect(report.byConversation).toEqual([
      expect.objectContaining({ conversationId: aliceConversation, userId: userIdOf(alice), requests: 2 }),
      expect.objectContaining({ conversationId: bobConversation, userId: userIdOf(bob), requests: 1 }),
    ]);
    expect(report.budget).toMatchObject({ usedTokens: 3 * REQUEST_TOKENS, tokensPercentUsed: null, exhausted: false });

    const aliceRows = await rowsOf(alice, { conversationId: aliceConversation });
    expect(aliceRows).toHaveLength(2);
    expect(aliceRows[0]).toMatchObject({ userId: userIdOf(alice), model: 'claude-sonnet-4-6', tokens: REQUEST_TOKENS });
    expect(aliceRows[0]!.costUsd).toBeCloseTo(REQUEST_COST_USD, 9);

    // A viewer sees their own usage only, and may not list a colleague's.
    const own = await usageOf(bob);
    expect(own.scope).toBe('own');
    expect(own.totals.requests).toBe(1);
    expect(own.byUser.map((row) => row.userId)).toEqual([userIdOf(bob)]);
    expect((await rowsOf(bob)).map((row) => row.conversationId)).toEqual([bobConversation]);
    expect(await code(f.t.call(bob, 'usage.list', { userId: userIdOf(alice) }))).toBe('FORBIDDEN');
  });

  it('warns once at 80% of a budget, on the turn\'s event stream, and audits the warning', async () => {
    const tenant = await freshTenant();
    const owner = tenant.ownerPrincipal;
    await f.t.call(owner, 'budgets.set', { monthlyTokenLimit: 10_000, monthlyCostLimitUsd: null });
    const conversationId = await newConversation(f.t, owner);

    f.fake.script([answer('Plenty.', usage({ input_tokens: 7_900 }))]);
    const first = await ask(f, owner, conversationId, 'Summarise the plant');
    expect(first.events.filter((event) => event.type === 'budget_warning')).toEqual([]);

    // 79% before this turn: no warning yet; 80.1% after it.
    f.fake.script([answer('More.', usage({ input_tokens: 110 }))]);
    expect((await ask(f, owner, conversationId, 'And more')).events.filter((event) => event.type === 'budget_warning')).toEqual([]);

    f.fake.script([answer('Still here.', usage({ input_tokens: 50 }))]);
    const warned = await ask(f, owner, conversationId, 'Anything else?');
    const warnings = warned.events.filter((event) => event.type === 'budget_warning');
    expect(warnings).toEqual([expect.objectContaining({ kind: 'tokens', percentUsed: 80.1, message: expect.stringContaining('80.1% of this tenant\'s monthly token budget') })]);
    expect(warned.events.findIndex((event) => event.type === 'budget_warning')).toBeLessThan(warned.events.findIndex((event) => event.type === 'text'));

    f.fake.script([answer('Once is enough.', usage({ input_tokens: 50 }))]);
    expect((await ask(f, owner, conversationId, 'Again')).events.filter((event) => event.type === 'budget_warning')).toEqual([]);
    const audit = (await f.t.call(owner, 'audit.list', { operation: 'jarvis.budgetWarning' })) as { items: Array<{ front: string; conversationId: string; actorId: string }> };
    expect(audit.items).toEqual([expect.objectContaining({ front: 'jarvis', conversationId, actorId: userIdOf(owner) })]);
  });

  it('over budget, a turn makes no model request and answers the clear message; raising the budget lets the next turn run', async () => {
    const tenant = await freshTenant();
    const owner = tenant.ownerPrincipal;
    const operator = await f.t.memberPrincipal(tenant.tenantId, 'operator');
    await f.t.call(owner, 'budgets.set', { monthlyTokenLimit: 1_000, monthlyCostLimitUsd: null });
    const conversationId = await newConversation(f.t, operator);

    // Admitted at 0 tokens, the turn finishes its response and takes the tenant past its limit.
    f.fake.script([answer('A long answer.', usage({ input_tokens: 1_100, output_tokens: 100 }))]);
    await ask(f, operator, conversationId, 'Tell me everything');

    const requestsBefore = f.fake.requests.length;
    f.fake.script([answer('must not be asked')]);
    const refused = await attempt(f.jarvis, operator, conversationId, 'And now?');
    const message = "Jarvis's monthly budget for this tenant is used up (1,200 tokens of 1,000 tokens); an admin can raise it in budgets.set.";
    expect(refused.outcome.code).toBe('RATE_LIMITED');
    expect(refused.outcome.message).toContain(message);
    expect(refused.events).toEqual([{ type: 'error', code: 'RATE_LIMITED', message: refused.outcome.message }]);
    expect(f.fake.requests.length).toBe(requestsBefore);
    // Nothing half-done: the refused message is not kept.
    const kept = (await f.t.call(operator, 'conversations.get', { id: conversationId })) as { messages: unknown[] };
    expect(kept.messages).toHaveLength(2);
    expect((await usageOf(owner)).budget).toMatchObject({ usedTokens: 1_200, tokensPercentUsed: 120, exhausted: true });

    // Only admins and owners set budgets; a raised one applies to the next turn.
    expect(await code(f.t.call(operator, 'budgets.set', { monthlyTokenLimit: 1_000_000, monthlyCostLimitUsd: null }))).toBe('FORBIDDEN');
    const admin = await f.t.memberPrincipal(tenant.tenantId, 'admin');
    await f.t.call(admin, 'budgets.set', { monthlyTokenLimit: 5_000, monthlyCostLimitUsd: null });
    const setAudit = (await f.t.call(owner, 'audit.list', { operation: 'budgets.set' })) as { items: Array<{ actorId: string; outcome: string }> };
    expect(setAudit.items.map((item) => [item.actorId, item.outcome])).toEqual([
      [userIdOf(admin), 'ok'],
      [userIdOf(operator), 'error'],
      [userIdOf(owner), 'ok'],
    ]);
    f.fake.script([answer('Back again.', usage({ input_tokens: 100 }))]);
    const resumed = await ask(f, operator, conversationId, 'And now?');
    expect(resumed.answer.text).toBe('Back again.');
    expect(f.fake.requests.length).toBe(requestsBefore + 1);
  });

  it('a turn already running finishes its response, runs none of the tools it asked for and makes no new request once the budget is used up', async () => {
    const tenant = await freshTenant();
    const owner = tenant.ownerPrincipal;
    await f.t.call(owner, 'budgets.set', { monthlyTokenLimit: null, monthlyCostLimitUsd: 0.01 });
    const conversationId = await newConversation(f.t, owner);
    const requestsBefore = f.fake.requests.length;
    // $0.012 of output in the first response: past the $0.01 limit before its tool runs.
    f.fake.script([
      { blocks: [{ type: 'text', text: 'Let me look.' }, { type: 'tool_use', name: 'pipelines_list', input: {} }], usage: usage({ input_tokens: 1_000, output_tokens: 600 }) },
      answer('must not be asked'),
    ]);
    const stopped = await attempt(f.jarvis, owner, conversationId, 'Which pipelines do I have?');
    expect(stopped.outcome).toMatchObject({ code: 'RATE_LIMITED', message: expect.stringContaining('used up ($0.0120 of $0.0100)') });
    expect(f.fake.requests.length).toBe(requestsBefore + 1);
    expect(stopped.events.map((event) => event.type)).toEqual(['text', 'text', 'receipt', 'error']);
    expect(stopped.events.some((event) => event.type === 'tool_call')).toBe(false);
    const audit = (await f.t.call(owner, 'audit.list', { operation: 'pipelines.list' })) as { items: unknown[] };
    expect(audit.items).toEqual([]);
    // The answer so far is kept, with why it ends there.
    const kept = (await f.t.call(owner, 'conversations.get', { id: conversationId })) as { messages: Array<{ role: string; text: string }> };
    expect(kept.messages.at(-1)).toMatchObject({ role: 'assistant', text: expect.stringMatching(/^Let me look\.\n\n\(Jarvis's monthly budget for this tenant is used up/) });
    const [row] = await rowsOf(owner, { conversationId });
    expect(row!.costUsd).toBeCloseTo((1_000 * 3 + 600 * 15) / 1e6, 9);
  });

  it('an unpriced model is metered in tokens with a null cost, and warns once that the cost budget cannot be enforced', async () => {
    const tenant = await freshTenant();
    const owner = tenant.ownerPrincipal;
    await f.t.call(owner, 'budgets.set', { monthlyTokenLimit: null, monthlyCostLimitUsd: 0.000001 });
    const unpriced = createJarvis({ runtime: f.t.runtime, config: loadJarvisConfig({ ANTHROPIC_API_KEY: 'test-key', ANTHROPIC_BASE_URL: f.fake.url, JARVIS_MODEL: 'claude-experimental-9' }) });
    const conversationId = await newConversation(f.t, owner);
    const kinds: string[] = [];
    for (const text of ['First', 'Second']) {
      f.fake.script([answer(`${text} answer.`, usage({ input_tokens: 5_000, output_tokens: 5_000 }))]);
      const turn = await attempt(unpriced, owner, conversationId, text);
      expect(turn.outcome.code).toBe('ok');
      kinds.push(...turn.events.flatMap((event) => (event.type === 'budget_warning' ? [event.kind] : [])));
    }
    expect(kinds).toEqual(['unpriced_model']);
    const rows = await rowsOf(owner, { conversationId });
    expect(rows.map((r) => [r.model, r.tokens, r.costUsd])).toEqual([
      ['claude-experimental-9', 10_000, null],
      ['claude-experimental-9', 10_000, null],
    ]);
    expect((await usageOf(owner)).totals).toMatchObject({ tokens: 20_000, costUsd: 0, unpricedRequests: 2 });
  });
});

describe('the month a budget counts, on a controlled clock', () => {
  const scopeOf = (tenant: TestTenant): TenantScope => ({ tenantId: tenant.tenantId, actor: tenant.ownerPrincipal.actor, role: 'owner' });
  const at = (iso: string): Services => ({ ...f.t.platform.services, now: () => new Date(iso) });
  const tokens = { model: 'claude-haiku-4-5', inputTokens: 600, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 };

  it('usage of the last millisecond of January (UTC) counts against January; February starts afresh', async () => {
    const tenant = await freshTenant();
    await f.t.call(tenant.ownerPrincipal, 'budgets.set', { monthlyTokenLimit: 1_000, monthlyCostLimitUsd: null });
    const conversationId = await newConversation(f.t, tenant.ownerPrincipal);
    await recordJarvisUsage(at('2026-01-01T00:00:00.000Z'), scopeOf(tenant), { conversationId, ...tokens });
    await recordJarvisUsage(at('2026-01-31T23:59:59.999Z'), scopeOf(tenant), { conversationId, ...tokens });
    // 23:30 on 31 January in New York is already February in UTC.
    await recordJarvisUsage(at('2026-01-31T23:30:00-05:00'), scopeOf(tenant), { conversationId, ...tokens });

    const january = await checkJarvisBudget(at('2026-01-31T23:59:59.999Z'), scopeOf(tenant), { model: tokens.model, conversationId });
    expect(january).toMatchObject({ month: '2026-01', status: { usedTokens: 1_200, exhausted: true } });
    expect(january.exhausted?.message).toContain('renews on 2026-02-01 (UTC)');
    const february = await checkJarvisBudget(at('2026-02-01T00:00:00.000Z'), scopeOf(tenant), { model: tokens.model, conversationId });
    expect(february).toMatchObject({ month: '2026-02', exhausted: null, status: { usedTokens: 600, exhausted: false } });
    expect((await usageOf(tenant.ownerPrincipal, { month: '2026-01' })).totals.requests).toBe(2);
    expect(await rowsOf(tenant.ownerPrincipal, { month: '2026-02' })).toHaveLength(1);
  });

  it('concurrent turns send a month\'s warning once, and the next month warns again', async () => {
    const tenant = await freshTenant();
    await f.t.call(tenant.ownerPrincipal, 'budgets.set', { monthlyTokenLimit: 1_000, monthlyCostLimitUsd: null });
    const conversationId = await newConversation(f.t, tenant.ownerPrincipal);
    const check = (iso: string) => checkJarvisBudget(at(iso), scopeOf(tenant), { model: tokens.model, conversationId });
    await recordJarvisUsage(at('2026-03-10T12:00:00.000Z'), scopeOf(tenant), { conversationId, ...tokens, inputTokens: 900 });
    const march = await Promise.all(Array.from({ length: 5 }, () => check('2026-03-10T12:00:01.000Z')));
    expect(march.flatMap((result) => result.warnings).map((warning) => [warning.kind, warning.month, warning.percentUsed])).toEqual([['tokens', '2026-03', 90]]);
    await recordJarvisUsage(at('2026-04-02T08:00:00.000Z'), scopeOf(tenant), { conversationId, ...tokens, inputTokens: 850 });
    expect((await check('2026-04-02T08:00:01.000Z')).warnings.map((warning) => warning.month)).toEqual(['2026-04']);
  });
});

describe('budgets and usage are each tenant\'s own', () => {
  it('tenant B cannot read or set tenant A\'s budget or usage through the registry', async () => {
    const a = await freshTenant();
    const b = await freshTenant();
    await f.t.call(a.ownerPrincipal, 'budgets.set', { monthlyTokenLimit: 50_000, monthlyCostLimitUsd: 12.5, warnRatio: 0.9 });
    const aConversation = await newConversation(f.t, a.ownerPrincipal);
    f.fake.script([answer('A only.')]);
    await ask(f, a.ownerPrincipal, aConversation, 'Hello from A');
    const aBefore = { budget: await f.t.call(a.ownerPrincipal, 'budgets.get'), usage: await usageOf(a.ownerPrincipal) };

    for (const role of ['owner', 'admin', 'operator', 'viewer'] as const) {
      const intruder = role === 'owner' ? b.ownerPrincipal : await f.t.memberPrincipal(b.tenantId, role);
      const bUsage = await usageOf(intruder);
      expect(bUsage.totals.requests).toBe(0);
      expect(bUsage.byConversation).toEqual([]);
      expect(await rowsOf(intruder, { conversationId: aConversation })).toEqual([]);
      expect(await f.t.call(intruder, 'budgets.get')).toMatchObject({ budget: { monthlyTokenLimit: null, monthlyCostLimitUsd: null, warnRatio: 0.8 } });
    }
    // B's owner sets B's budget: the input names no tenant, and A's stays as it was.
    await f.t.call(b.ownerPrincipal, 'budgets.set', { monthlyTokenLimit: 1, monthlyCostLimitUsd: null, tenantId: a.tenantId });
    expect(await f.t.call(b.ownerPrincipal, 'budgets.get')).toMatchObject({ budget: { monthlyTokenLimit: 1 } });
    expect({ budget: await f.t.call(a.ownerPrincipal, 'budgets.get'), usage: await usageOf(a.ownerPrincipal) }).toEqual(aBefore);
    expect(aBefore.budget).toMatchObject({ budget: { monthlyTokenLimit: 50_000, monthlyCostLimitUsd: 12.5, warnRatio: 0.9 } });
  });

  it('refuses bad budgets and months with a clear error', async () => {
    const owner = f.tenant.ownerPrincipal;
    const refusal = (input: object, op = 'budgets.set') => f.t.call(owner, op, input).catch((e: { code: string; message: string }) => e);
    expect(await refusal({ monthlyTokenLimit: -5, monthlyCostLimitUsd: null })).toMatchObject({ code: 'INVALID', message: expect.stringContaining('monthlyTokenLimit') });
    expect(await refusal({ monthlyTokenLimit: null, monthlyCostLimitUsd: null, warnRatio: 1.5 })).toMatchObject({ code: 'INVALID', message: expect.stringContaining('warnRatio') });
    expect(await refusal({ month: '2026-13' }, 'usage.get')).toMatchObject({ code: 'INVALID', message: expect.stringContaining('YYYY-MM') });
  });
});

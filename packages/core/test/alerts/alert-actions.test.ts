import type { Alert, AlertTransitionRecord } from '@facilflow/contracts';
import { createTestPlatform, type TestPlatform } from '@facilflow/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { at, BASE, EngineHarness, RecordingSink } from './alert-engine-fixtures.ts';

// People's transitions (acknowledge, shelve, resolve) go through the operations; the engine's
// own through the written-telemetry stream. One sink sees both, once each; one clock drives both.
let t: TestPlatform;
const sink = new RecordingSink();
const harnesses: EngineHarness[] = [];
let clock = BASE;

beforeAll(async () => {
  t = await createTestPlatform();
  // The runtime holds its own copy of the services: both get the sink and the clock.
  for (const services of [t.platform.services, t.runtime.services]) {
    services.alertNotices = sink;
    services.now = () => new Date(clock);
  }
});
afterAll(async () => {
  for (const harness of harnesses) await harness.close();
  await t?.close();
});

async function harness(): Promise<EngineHarness> {
  const made = new EngineHarness(t, await t.createTenant(), sink);
  harnesses.push(made);
  return made;
}

/** Moves both clocks: the engine's and the one the operations stamp with. */
function setClock(h: EngineHarness, second: number): void {
  clock = BASE + second * 1000;
  h.clock = clock;
}

const hotRule = { name: 'hot', measurement: 'oven', field: 'temp', condition: { kind: 'threshold', direction: 'above', threshold: 100, clear: 90 } } as const;
const code = (p: Promise<unknown>) => p.then(() => 'ok', (e: { code: string }) => e.code);
const noticesOf = (alertId: string) => sink.notices.filter((notice) => notice.alertId === alertId).map((notice) => `${notice.transition}@${notice.actor ?? 'engine'}`);

async function history(h: EngineHarness, id: string): Promise<{ alert: Alert; transitions: AlertTransitionRecord[] }> {
  return (await t.call(h.tenant.ownerPrincipal, 'alerts.get', { id })) as { alert: Alert; transitions: AlertTransitionRecord[] };
}

describe("people's actions on alerts", () => {
  it('acknowledge keeps the alert open until its condition clears; each step is recorded and handed over once', async () => {
    const h = await harness();
    await h.rule(hotRule);
    await h.feed([[0, 120]]);
    const [alert] = await h.alerts();
    const operator = await t.memberPrincipal(h.tenant.tenantId, 'operator');
    setClock(h, 5);
    const acked = (await t.call(operator, 'alerts.acknowledge', { id: alert!.id, comment: 'checking the burner' }, 'trpc')) as { alert: Alert };
    expect(acked.alert).toMatchObject({ state: 'acknowledged', acknowledged: { by: operator.actor.type === 'user' ? operator.actor.email : '', at: at(5), comment: 'checking the burner' } });
    expect(await code(t.call(operator, 'alerts.acknowledge', { id: alert!.id }))).toBe('CONFLICT');
    await h.feed([[10, 80]]);
    const { alert: resolved, transitions } = await history(h, alert!.id);
    expect(resolved).toMatchObject({ state: 'resolved', resolvedAt: at(10), acknowledged: { comment: 'checking the burner' }, resolved: { by: null } });
    expect(transitions.map((step) => [step.transition, step.at, step.comment])).toEqual([
      ['triggered', at(0), null],
      ['acknowledged', at(5), 'checking the burner'],
      ['resolved', at(10), null],
    ]);
    expect(noticesOf(alert!.id)).toEqual(['triggered@engine', `acknowledged@${resolved.acknowledged!.by}`, 'resolved@engine']);
  });

  it('shelving is bounded and runs out by itself: the alert comes back firing, unacknowledged', async () => {
    const h = await harness();
    await h.rule(hotRule);
    await h.feed([[0, 120]]);
    const [alert] = await h.alerts();
    const owner = h.tenant.ownerPrincipal;
    expect(await code(t.call(owner, 'alerts.shelve', { id: alert!.id, durationSeconds: 24 * 3600 + 1, reason: 'too long' }))).toBe('INVALID');
    expect(await code(t.call(owner, 'alerts.shelve', { id: alert!.id, durationSeconds: 600, reason: '' }))).toBe('INVALID');
    await t.call(owner, 'alerts.acknowledge', { id: alert!.id });
    setClock(h, 10);
    const shelved = (await t.call(owner, 'alerts.shelve', { id: alert!.id, durationSeconds: 600, reason: 'burner swap' })) as { alert: Alert };
    expect(shelved.alert).toMatchObject({ state: 'shelved', shelved: { at: at(10), until: at(610), comment: 'burner swap' } });
    setClock(h, 609);
    await h.engine.sweep();
    expect((await history(h, alert!.id)).alert.state).toBe('shelved');
    setClock(h, 611);
    await h.engine.sweep();
    const { alert: back, transitions } = await history(h, alert!.id);
    expect(back).toMatchObject({ state: 'firing', acknowledged: null });
    expect(transitions.map((step) => step.transition)).toEqual(['triggered', 'acknowledged', 'shelved', 'unshelved']);
    expect(noticesOf(alert!.id).filter((notice) => notice.startsWith('unshelved'))).toEqual(['unshelved@engine']);
  });

  it('a shelved alert still resolves when its condition clears', async () => {
    const h = await harness();
    await h.rule(hotRule);
    await h.feed([[0, 120]]);
    const [alert] = await h.alerts();
    setClock(h, 1);
    await t.call(h.tenant.ownerPrincipal, 'alerts.shelve', { id: alert!.id, durationSeconds: 3600, reason: 'known' });
    await h.feed([[2, 50]]);
    expect((await history(h, alert!.id)).alert.state).toBe('resolved');
  });

  it('a manual resolve closes the alert; should the condition still hold, the rule raises a new one', async () => {
    const h = await harness();
    const ruleId = await h.rule(hotRule);
    await h.feed([[0, 120]]);
    const [first] = await h.alerts();
    setClock(h, 1);
    await t.call(h.tenant.ownerPrincipal, 'alerts.resolve', { id: first!.id, comment: 'sensor replaced' });
    expect(await code(t.call(h.tenant.ownerPrincipal, 'alerts.resolve', { id: first!.id }))).toBe('CONFLICT');
    // The engine hears of it on the alerts channel, a later turn.
    await waitUntil(async () => {
      await h.engine.settled();
      await h.feed([[2, 125]]);
      return (await h.alerts()).length === 1;
    });
    const all = await h.allAlerts(ruleId);
    expect(all.map((alert) => alert.state)).toEqual(['resolved', 'firing']);
    expect(all[0]!.resolved).toMatchObject({ comment: 'sensor replaced' });
  });

  it('a viewer may not act on alerts; bad ids are NOT_FOUND', async () => {
    const h = await harness();
    await h.rule(hotRule);
    await h.feed([[0, 120]]);
    const [alert] = await h.alerts();
    const viewer = await t.memberPrincipal(h.tenant.tenantId, 'viewer');
    expect(await code(t.call(viewer, 'alerts.acknowledge', { id: alert!.id }))).toBe('FORBIDDEN');
    expect(await code(t.call(h.tenant.ownerPrincipal, 'alerts.acknowledge', { id: 'al_nope' }))).toBe('NOT_FOUND');
  });
});

describe('rule changes', () => {
  it('refuses a malformed rule with a clear error', async () => {
    const h = await harness();
    const create = (spec: unknown) => t.call(h.tenant.ownerPrincipal, 'alertRules.create', { spec }).catch((e: { code: string; message: string }) => e);
    expect(await create({ name: 'x', condition: { kind: 'threshold', direction: 'above', threshold: 1 } })).toMatchObject({ code: 'INVALID', message: expect.stringContaining('needs a measurement') });
    expect(await create({ ...hotRule, condition: { kind: 'threshold', direction: 'above', threshold: 100, clear: 110 } })).toMatchObject({ code: 'INVALID', message: expect.stringContaining('clear must be on the normal side') });
    await h.rule(hotRule);
    expect(await create(hotRule)).toMatchObject({ code: 'CONFLICT' });
  });

  it('an update takes effect on the next point; disabling resolves the open alerts; delete asks for confirmation', async () => {
    const h = await harness();
    const ruleId = await h.rule(hotRule);
    await h.feed([[0, 95]]);
    expect(await h.alerts()).toEqual([]);
    const updated = (await t.call(h.tenant.ownerPrincipal, 'alertRules.update', { id: ruleId, spec: { ...hotRule, condition: { ...hotRule.condition, threshold: 92, clear: 85 } } })) as { rule: { version: number } };
    expect(updated.rule.version).toBe(2);
    await busDelivered();
    await h.feed([[1, 95]]);
    const [alert] = await h.alerts();
    expect(alert).toMatchObject({ ruleVersion: 2 });
    setClock(h, 2);
    await t.call(h.tenant.ownerPrincipal, 'alertRules.update', { id: ruleId, spec: { ...hotRule, enabled: false } });
    expect((await history(h, alert!.id)).alert).toMatchObject({ state: 'resolved', resolved: { comment: 'rule disabled' } });
    await busDelivered();
    await h.feed([[3, 200]]);
    expect(await h.alerts()).toEqual([]);
    const refused = await t.call(h.tenant.ownerPrincipal, 'alertRules.delete', { id: ruleId }).catch((e: { code: string; details: { plan: string; confirmationToken: string } }) => e);
    expect(refused).toMatchObject({ code: 'NEEDS_CONFIRMATION', details: { plan: expect.stringContaining('Delete alert rule "hot"') } });
    const token = (refused as { details: { confirmationToken: string } }).details.confirmationToken;
    expect(await t.call(h.tenant.ownerPrincipal, 'alertRules.delete', { id: ruleId, confirmationToken: token })).toEqual({ deleted: true, resolvedAlerts: 0 });
    expect(await code(t.call(h.tenant.ownerPrincipal, 'alertRules.get', { id: ruleId }))).toBe('NOT_FOUND');
    // The history stays.
    expect((await history(h, alert!.id)).alert.ruleName).toBe('hot');
  });
});

describe('tenant isolation in the engine', () => {
  it("a rule of tenant A never evaluates tenant B's data", async () => {
    const a = await harness();
    const b = await harness();
    await a.rule(hotRule);
    await b.feed([[0, 500], [1, 600]]);
    // The same engine as A's: B's points reach it, and A's rule ignores them.
    await a.engine.observe({ tenantId: b.tenant.tenantId, agentId: null, points: [{ m: 'oven', tags: { machine: 'M1' }, f: { temp: 700 }, t: BASE + 2000 }], receivedAt: new Date() });
    expect(await a.alerts()).toEqual([]);
    expect(await b.alerts()).toEqual([]);
    await a.feed([[3, 120]]);
    expect(await a.alerts()).toHaveLength(1);
    expect(await b.alerts()).toEqual([]);
  });
});

/** The in-process bus delivers a message two turns later (setImmediate, then a microtask): a rule change has reached the engine after this. */
async function busDelivered(): Promise<void> {
  for (let turn = 0; turn < 3; turn++) await new Promise((resolve) => setImmediate(resolve));
}

/** Retries `probe` until it says yes (the bus delivers on a later turn); no time is asserted. */
async function waitUntil(probe: () => Promise<boolean>): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    if (await probe()) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error('the engine never caught up');
}

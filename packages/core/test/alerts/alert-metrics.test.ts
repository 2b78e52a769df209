import type { AlertMetrics } from '@facilflow/contracts';
import { createTestPlatform, type TestPlatform } from '@facilflow/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { at, EngineHarness } from './alert-engine-fixtures.ts';

let t: TestPlatform;
let h: EngineHarness;
let chattyRule: string;
let steadyRule: string;

// A rule that chatters (a value bouncing across its threshold every 10 s, no flap suppression)
// and one that fired once and stayed: the figures come from the stored transitions.
beforeAll(async () => {
  t = await createTestPlatform();
  h = new EngineHarness(t, await t.createTenant());
  chattyRule = await h.rule({ name: 'chatty', measurement: 'oven', field: 'temp', condition: { kind: 'threshold', direction: 'above', threshold: 100 } });
  steadyRule = await h.rule({ name: 'steady', measurement: 'oven', field: 'level', condition: { kind: 'threshold', direction: 'below', threshold: 10 } });
  await h.feed([[0, 5]], { machine: 'M1' }, 'oven', 'level');
  await h.feed(Array.from({ length: 6 }, (_, i) => [i * 10, i % 2 === 0 ? 120 : 80] as const), { machine: 'M1' });
  await h.feed([[1200, 120]], { machine: 'M1' });
  await t.platform.services.directory.addMember(h.tenant.tenantId, { uid: 'op-1', email: 'op1@example.test', role: 'operator' });
  await t.platform.services.directory.addMember(h.tenant.tenantId, { uid: 'op-2', email: 'op2@example.test', role: 'operator' });
}, 120_000);
afterAll(async () => {
  await h?.close();
  await t?.close();
});

const metrics = async (input: Record<string, unknown>) => ((await t.call(h.tenant.ownerPrincipal, 'alerts.metrics', input)) as { metrics: AlertMetrics }).metrics;

describe('alarm metrics', () => {
  it('counts activations per 10 minutes, overall and per operator, with the peak slot', async () => {
    const m = await metrics({ from: at(0), to: at(1800) });
    // chatty fired at 0, 20, 40 and 1200 s; steady at 0 s.
    expect(m).toMatchObject({ activations: 5, operators: 2, peakPer10Minutes: 4, floodShare: 0 });
    expect(m.alarmsPer10Minutes).toBeCloseTo(5 / 3);
    expect(m.alarmsPer10MinutesPerOperator).toBeCloseTo(5 / 6);
  });

  it('ranks the most frequent rules and finds the chattering one', async () => {
    const m = await metrics({ from: at(0), to: at(1800) });
    expect(m.topRules).toEqual([
      { ruleId: chattyRule, ruleName: 'chatty', activations: 4, share: 0.8 },
      { ruleId: steadyRule, ruleName: 'steady', activations: 1, share: 0.2 },
    ]);
    expect(m.chattering).toEqual([{ ruleId: chattyRule, ruleName: 'chatty', series: 'machine=M1', activations: 4, maxPerMinute: 3 }]);
  });

  it('standing alarms are those open at the end; stale ones have been open longer than the bound', async () => {
    const early = await metrics({ from: at(0), to: at(1800) });
    expect(early.standing).toBe(2);
    expect(early.stale).toEqual([]);
    // 24 h 10 min after the start: steady (open since 0 s) is stale, chatty (open since 1200 s) not yet.
    const later = await metrics({ from: at(0), to: at(24 * 3600 + 600), staleAfterHours: 24 });
    expect(later.standing).toBe(2);
    expect(later.stale).toEqual([expect.objectContaining({ ruleId: steadyRule, series: 'machine=M1', state: 'firing', firedAt: at(0) })]);
    expect(later.stale[0]!.openHours).toBeCloseTo(24 + 1 / 6);
    expect(later.chattering).toHaveLength(1);
  });

  it('refuses a period that ends before it starts', async () => {
    await expect(metrics({ from: at(100), to: at(0) })).rejects.toMatchObject({ code: 'INVALID' });
  });
});

import { pipelineEventsChannel } from '@facilflow/core';
import { schema } from '@facilflow/db';
import { createTestPlatform, type TestPlatform } from '@facilflow/testkit';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { at, EngineHarness } from './alert-engine-fixtures.ts';
import { alertsOpenRow, writeWindow } from './alert-rows.ts';

let t: TestPlatform;
const harnesses: EngineHarness[] = [];

beforeAll(async () => {
  t = await createTestPlatform();
});
afterAll(async () => {
  for (const harness of harnesses) await harness.close();
  await t?.close();
});

async function harness(): Promise<EngineHarness> {
  const made = new EngineHarness(t, await t.createTenant());
  harnesses.push(made);
  return made;
}

const hot = { measurement: 'oven', field: 'temp' } as const;

describe('threshold rules, by event time', () => {
  it('fires above the threshold and clears only below the clear value (hysteresis)', async () => {
    const h = await harness();
    const ruleId = await h.rule({ name: 'hot', ...hot, condition: { kind: 'threshold', direction: 'above', threshold: 100, clear: 90 } });
    await h.feed([[0, 95], [1, 101]]);
    const [fired] = await h.alerts();
    expect(fired).toMatchObject({ ruleId, state: 'firing', value: 101, firedAt: at(1), series: 'machine=M1', tags: { machine: 'M1' } });
    // Back under the threshold but above the clear value: still in alarm.
    await h.feed([[2, 99], [3, 91]]);
    expect(await h.alerts()).toHaveLength(1);
    await h.feed([[4, 89.5]]);
    expect(await h.alerts()).toEqual([]);
    const [resolved] = await h.alerts({ state: 'resolved' });
    expect(resolved).toMatchObject({ id: fired!.id, resolvedAt: at(4), value: 89.5, resolved: { by: null } });
    expect(h.sink.transitions()).toEqual(['triggered:M1', 'resolved:M1']);
  });

  it('fires only once the condition held for the on-delay without a break', async () => {
    const h = await harness();
    await h.rule({ name: 'hot', ...hot, condition: { kind: 'threshold', direction: 'above', threshold: 100 }, onDelaySeconds: 10 });
    await h.feed([[0, 101], [5, 101], [6, 80], [8, 101], [17, 101]]);
    expect(await h.alerts()).toEqual([]);
    await h.feed([[18, 102]]);
    const [fired] = await h.alerts();
    expect(fired).toMatchObject({ firedAt: at(18), value: 102 });
  });

  it('resolves only once the condition was gone for the off-delay; a return in between keeps the alert', async () => {
    const h = await harness();
    await h.rule({ name: 'hot', ...hot, condition: { kind: 'threshold', direction: 'above', threshold: 100 }, offDelaySeconds: 10 });
    await h.feed([[0, 101], [1, 80], [9, 80], [10, 101], [11, 80], [20, 80]]);
    expect(await h.alerts()).toHaveLength(1);
    await h.feed([[21, 80]]);
    expect(await h.alerts()).toEqual([]);
    expect(h.sink.transitions()).toEqual(['triggered:M1', 'resolved:M1']);
  });

  it('keeps a flapping alarm as one alert for the minimum firing time (flap suppression)', async () => {
    const h = await harness();
    const ruleId = await h.rule({ name: 'hot', ...hot, condition: { kind: 'threshold', direction: 'above', threshold: 100 }, minFiringSeconds: 30 });
    await h.feed(Array.from({ length: 29 }, (_, second) => [second, second % 2 === 0 ? 101 : 80] as const));
    expect(await h.allAlerts(ruleId)).toHaveLength(1);
    expect(await h.alerts()).toHaveLength(1);
    await h.feed([[30, 80]]);
    expect(await h.alerts()).toEqual([]);
    expect(h.sink.transitions()).toEqual(['triggered:M1', 'resolved:M1']);
  });

  it('lets the off-delay of a series that went silent run out on the clock', async () => {
    const h = await harness();
    await h.rule({ name: 'hot', ...hot, condition: { kind: 'threshold', direction: 'above', threshold: 100 }, offDelaySeconds: 30 });
    await h.feed([[0, 101], [1, 80]]);
    await h.sweepAt(20);
    expect(await h.alerts()).toHaveLength(1);
    await h.sweepAt(31);
    expect(await h.alerts()).toEqual([]);
  });
});

describe('one alert per rule and series', () => {
  it('opens one alert per series, and one for a grouped rule while any series is in condition', async () => {
    const h = await harness();
    const perSeries = await h.rule({ name: 'per series', ...hot, condition: { kind: 'threshold', direction: 'above', threshold: 100 } });
    const grouped = await h.rule({ name: 'grouped', ...hot, groupBy: 'rule', condition: { kind: 'threshold', direction: 'above', threshold: 100 } });
    await h.feed([[0, 120], [1, 130]], { machine: 'M1' });
    await h.feed([[2, 125]], { machine: 'M2' });
    expect((await h.alerts({ ruleId: perSeries })).map((alert) => alert.series).sort()).toEqual(['machine=M1', 'machine=M2']);
    expect(await h.alerts({ ruleId: grouped })).toMatchObject([{ series: '', value: 120 }]);
    // M1 back to normal: the grouped alert holds while M2 is hot.
    await h.feed([[3, 20]], { machine: 'M1' });
    expect(await h.alerts({ ruleId: grouped })).toHaveLength(1);
    await h.feed([[4, 20]], { machine: 'M2' });
    expect(await h.alerts({ ruleId: grouped })).toEqual([]);
  });

  it('a restarted engine takes the open alert up instead of opening a second one', async () => {
    const h = await harness();
    const ruleId = await h.rule({ name: 'hot', ...hot, condition: { kind: 'threshold', direction: 'above', threshold: 100, clear: 90 } });
    await h.feed([[0, 120]]);
    await h.close();
    const restarted = new EngineHarness(t, h.tenant);
    harnesses.push(restarted);
    await restarted.feed([[10, 95], [11, 130]]);
    expect(await restarted.allAlerts(ruleId)).toHaveLength(1);
    expect(restarted.sink.notices).toEqual([]);
    await restarted.feed([[12, 80]]);
    expect(restarted.sink.transitions()).toEqual(['resolved:M1']);
  });

  it('refuses a second open alert for the same rule and series in the database itself', async () => {
    const h = await harness();
    await h.rule({ name: 'hot', ...hot, condition: { kind: 'threshold', direction: 'above', threshold: 100 } });
    await h.feed([[0, 120]]);
    const [open] = await h.alerts();
    await expect(t.platform.services.db.withTenant(h.tenant.tenantId, (tx) => tx.insert(schema.alerts).values(alertsOpenRow(open!, h.tenant.tenantId)))).rejects.toThrow();
  });
});

describe('other condition kinds', () => {
  it('no data: fires when a series sent nothing for N seconds on the clock, resolves when it sends again', async () => {
    const h = await harness();
    await h.rule({ name: 'silent', measurement: 'oven', condition: { kind: 'noData', seconds: 30 } });
    await h.feed([[0, 1]]);
    await h.sweepAt(29);
    expect(await h.alerts()).toEqual([]);
    await h.sweepAt(30);
    expect(await h.alerts()).toMatchObject([{ series: 'machine=M1', firedAt: at(30) }]);
    await h.feed([[45, 1]]);
    expect(await h.alerts()).toEqual([]);
    expect(h.sink.transitions()).toEqual(['triggered:M1', 'resolved:M1']);
  });

  it('rate of change: fires on a rise faster than the bound per minute over the window', async () => {
    const h = await harness();
    await h.rule({ name: 'climbing', ...hot, condition: { kind: 'rateOfChange', direction: 'rising', perMinute: 5, windowSeconds: 60 } });
    // 0.05 per second is 3 per minute: within bounds; then 0.2 per second, 12 per minute.
    await h.feed(Array.from({ length: 120 }, (_, second) => [second, 200 + second * 0.05] as const));
    expect(await h.alerts()).toEqual([]);
    await h.feed(Array.from({ length: 40 }, (_, i) => [120 + i, 206 + i * 0.2] as const));
    const [fired] = await h.alerts();
    expect(fired).toBeDefined();
    expect(Date.parse(fired!.firedAt)).toBeGreaterThan(Date.parse(at(120)));
    // Steady again: once the window holds no rise, it resolves.
    await h.feed(Array.from({ length: 90 }, (_, i) => [160 + i, 214] as const));
    expect(await h.alerts()).toEqual([]);
  });

  it('anomaly: a sample far outside the window (z-score above k) fires', async () => {
    const h = await harness();
    await h.rule({ name: 'odd', ...hot, condition: { kind: 'anomaly', method: 'zscore', windowSeconds: 60, k: 4, minSamples: 20 } });
    await h.feed(Array.from({ length: 60 }, (_, second) => [second, 500 + (second % 5) - 2] as const));
    expect(await h.alerts()).toEqual([]);
    await h.feed([[60, 0]]);
    expect(await h.alerts()).toMatchObject([{ value: 0 }]);
  });

  it('quality score: fires on a data-quality window scored below the bound, resolves on a clean one', async () => {
    const h = await harness();
    await h.rule({ name: 'bad data', measurement: 'oven', field: 'temp', condition: { kind: 'qualityScore', below: 0.9 } });
    await writeWindow(t, h.tenant.tenantId, { start: 0, score: 0.95 });
    await writeWindow(t, h.tenant.tenantId, { start: 60, score: 0.5 });
    await h.sweepAt(130);
    expect(await h.alerts()).toMatchObject([{ series: '', value: 0.5, firedAt: at(120) }]);
    await writeWindow(t, h.tenant.tenantId, { start: 120, score: 1 });
    await h.sweepAt(190);
    expect(await h.alerts()).toEqual([]);
  });

  it('pipeline event: an event of the watched pipeline raises one alert per key, which resolves once events stop', async () => {
    const h = await harness();
    await h.rule({ name: 'pipeline says hot', condition: { kind: 'pipelineEvent', pipelineId: 'pl_watched', minSeverity: 'warning', resolveAfterSeconds: 60 }, summary: '{title}' });
    await h.engine.sweep();
    const publish = (pipelineId: string, severity: string) =>
      t.platform.services.bus.publish(pipelineEventsChannel(h.tenant.tenantId), { pipelineId, version: 1, events: [{ machine: 'Oven2', severity, title: 'Oven2 above 230 °C', key: 'machine=Oven2', value: 236 }] });
    await publish('pl_other', 'critical');
    await publish('pl_watched', 'info');
    await publish('pl_watched', 'critical');
    await expectEventually(async () => expect(await h.alerts()).toMatchObject([{ series: 'machine=Oven2', tags: { machine: 'Oven2' }, summary: 'Oven2 above 230 °C', value: 236 }]));
    expect(await h.alerts()).toHaveLength(1);
    h.clock += 61_000;
    await h.engine.sweep();
    expect(await h.alerts()).toEqual([]);
  });
});

/** The bus delivers on a later turn: waits for the engine to have handled it (no time is asserted). */
async function expectEventually(check: () => Promise<void>): Promise<void> {
  await vi.waitFor(check, { timeout: 10_000, interval: 20 });
}

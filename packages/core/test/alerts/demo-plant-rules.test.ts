import type { Alert } from '@facilflow/contracts';
import { DEMO_PLANT_MODEL_PATH, loadPlantModel, plantAlertRules } from '@facilflow/simulator';
import { createTestPlatform, type TestPlatform } from '@facilflow/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plantTelemetry } from '../quality/plant-telemetry.ts';
import { BASE, EngineHarness } from './alert-engine-fixtures.ts';

// The demo tenant's alert rules, played against the demo plant's own signals (the simulator's
// seeded behaviours, mapped as the demo agent maps tags), one-second batches on a controlled clock.
const FROM_S = 390;
const TO_S = 1800;
/** Plant seconds: Oven2's zone 1 starts drifting at 600 s (+0.8 °C/min). */
const DRIFT_STARTS_S = 600;

let t: TestPlatform;
let h: EngineHarness;
let byRule: Map<string, Alert[]>;

beforeAll(async () => {
  t = await createTestPlatform();
  const model = await loadPlantModel(DEMO_PLANT_MODEL_PATH);
  h = new EngineHarness(t, await t.createTenant('Demo Plant'));
  const ids = new Map<string, string>();
  for (const spec of plantAlertRules(model)) ids.set(spec.name, await h.rule(spec));
  const plant = plantTelemetry(model, { startMs: BASE, seed: 7 });
  for (let second = FROM_S; second < TO_S; second++) {
    h.clock = BASE + (second + 1) * 1000;
    await h.engine.observe({ tenantId: h.tenant.tenantId, agentId: null, points: plant.between(second, second + 1), receivedAt: new Date(h.clock) });
  }
  byRule = new Map();
  for (const [name, id] of ids) byRule.set(name, await h.allAlerts(id));
}, 600_000);
afterAll(async () => {
  await h?.close();
  await t?.close();
});

const plantSecond = (iso: string) => (Date.parse(iso) - BASE) / 1000;

describe('the demo alert rules on the demo plant', () => {
  it("fire once on Oven2's zone-1 drift, minutes after it starts, and never on Oven1", () => {
    const alerts = byRule.get('Oven2 zone 1 temperature drifting')!;
    expect(alerts).toHaveLength(1);
    const [drift] = alerts;
    expect(drift).toMatchObject({ state: 'firing', measurement: 'oven', field: 'ZoneTemperature1', tags: { machine: 'Oven2', line: 'Line1' }, severity: 'major', priority: 2 });
    expect(plantSecond(drift!.firedAt)).toBeGreaterThan(DRIFT_STARTS_S + 120);
    expect(plantSecond(drift!.firedAt)).toBeLessThan(DRIFT_STARTS_S + 600);
    expect(drift!.value).toBeGreaterThan(214);
    expect(drift!.summary).toMatch(/^Oven2 zone 1 at 21\d\.\d °C/);
  });

  it("fire once per 0 g spike of Line 2's checkweigher, and never on Line 1's", () => {
    const alerts = byRule.get('Checkweigher reads 0 g')!;
    // A spike every 300 s over the 1410 s played.
    expect(alerts.length).toBeGreaterThanOrEqual(4);
    expect(alerts.length).toBeLessThanOrEqual(5);
    for (const alert of alerts) {
      expect(alert).toMatchObject({ measurement: 'checkweigher', field: 'NetWeight', tags: { line: 'Line2', machine: 'Checkweigher' } });
      // The summary holds the value that fired it (a resolved alert's value is the one that resolved it).
      expect(alert.summary).toBe('Line2 checkweigher weighed 0 g');
      if (alert.state === 'resolved') expect(alert.value).toBeGreaterThan(450);
    }
    const resolved = alerts.filter((alert) => alert.state === 'resolved');
    expect(resolved.length).toBeGreaterThanOrEqual(alerts.length - 1);
    for (const alert of resolved) expect(Date.parse(alert.resolvedAt!) - Date.parse(alert.firedAt)).toBeGreaterThanOrEqual(60_000);
  });

  it('handed every transition to the sink once', () => {
    const all = [...byRule.values()].flat();
    const expected = all.flatMap((alert) => [`triggered:${alert.id}`, ...(alert.state === 'resolved' ? [`resolved:${alert.id}`] : [])]).sort();
    expect(h.sink.notices.map((notice) => `${notice.transition}:${notice.alertId}`).sort()).toEqual(expected);
  });
});

import type { QualityIssue } from '@facilflow/contracts';
import { createQualityMonitor } from '@facilflow/core';
import { DEMO_PLANT_MODEL_PATH, loadPlantModel, plantMeasurementSchemas, type PlantModel } from '@facilflow/simulator';
import { createTestPlatform, type TestPlatform, type TestTenant } from '@facilflow/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plantTelemetry } from './plant-telemetry.ts';

// The monitor will be fed from the written-telemetry stream, whose consumer may lag and then
// catch up in big batches. The same 15 minutes of the demo plant (its drift, flatline and
// spikes included) go to one monitor as one-second batches, each as it would arrive, ticking
// every second, and to another as 3-minute batches delivered 50× faster than real time, long
// after the fact, ticking once per batch. Both must write the same issues and scores.

const PLANT_START = Date.UTC(2026, 0, 5, 8, 0, 0);
/** Plant seconds: the drift starts at 600 s, the 0 g spikes come every 300 s, the flatline runs 900–1020 s. */
const FROM_S = 300;
const TO_S = 1200;
const BACKLOG_BATCH_S = 180;
const BACKLOG_SPEED = 50;
/** When the backlog is replayed: well after the data, so nothing may go by the clock. */
const REPLAYED_AT = PLANT_START + 3 * 3600_000;
const SEED = 11;

let t: TestPlatform;
let model: PlantModel;

beforeAll(async () => {
  t = await createTestPlatform();
  model = await loadPlantModel(DEMO_PLANT_MODEL_PATH);
});
afterAll(() => t?.close());

async function plantTenant(name: string): Promise<TestTenant> {
  const tenant = await t.createTenant(name);
  for (const definition of plantMeasurementSchemas(model)) await t.call(tenant.ownerPrincipal, 'schemas.create', definition);
  return tenant;
}

/** Feeds the plant to a fresh monitor in batches of `batchSeconds`, each arriving `arrival(batchEndS)` on the monitor's clock, with a tick after each. */
async function replay(tenant: TestTenant, batchSeconds: number, arrival: (batchEndS: number) => number): Promise<void> {
  const plant = plantTelemetry(model, { startMs: PLANT_START, seed: SEED });
  const clock = { now: arrival(FROM_S) };
  const monitor = createQualityMonitor({
    services: t.platform.services,
    now: () => new Date(clock.now),
    tickIntervalMs: 0,
    log: (message, error) => {
      throw new Error(`${message}: ${String(error)}`);
    },
  });
  for (let fromS = FROM_S; fromS < TO_S; fromS += batchSeconds) {
    const toS = Math.min(fromS + batchSeconds, TO_S);
    clock.now = arrival(toS);
    await monitor.observe({ tenantId: tenant.tenantId, agentId: null, points: plant.between(fromS, toS), receivedAt: new Date(PLANT_START + toS * 1000) });
    await monitor.tick();
  }
  await monitor.close();
}

async function issuesOf(tenant: TestTenant): Promise<QualityIssue[]> {
  const page = (await t.call(tenant.ownerPrincipal, 'quality.issues', { status: 'all', limit: 200 })) as { items: QualityIssue[]; nextCursor: string | null };
  expect(page.nextCursor).toBeNull();
  return page.items;
}

/** Every issue as people see it, without the id each monitor drew. */
const comparable = (issues: QualityIssue[]) =>
  issues
    .map(({ id: _id, ...issue }) => issue)
    .sort((a, b) => `${a.check}/${a.measurement}/${a.series}/${a.field}/${a.startedAt}`.localeCompare(`${b.check}/${b.measurement}/${b.series}/${b.field}/${b.startedAt}`));

async function scoresOf(tenant: TestTenant): Promise<unknown> {
  const range = { from: new Date(PLANT_START).toISOString(), to: new Date(PLANT_START + 2 * TO_S * 1000).toISOString() };
  return t.call(tenant.ownerPrincipal, 'quality.scores', { ...range, includeWindows: true, includeSeries: true, limit: 1000 });
}

describe('a backlog replayed in big batches', () => {
  let realTime: TestTenant;
  let backlog: TestTenant;

  beforeAll(async () => {
    realTime = await plantTenant('Quality in real time');
    backlog = await plantTenant('Quality from a backlog');
    await replay(realTime, 1, (batchEndS) => PLANT_START + batchEndS * 1000 + 200);
    await replay(backlog, BACKLOG_BATCH_S, (batchEndS) => REPLAYED_AT + ((batchEndS - FROM_S) * 1000) / BACKLOG_SPEED);
  }, 240_000);

  it('finds the plant\u2019s three faults in real time', async () => {
    const found = (await issuesOf(realTime)).map((issue) => `${issue.check} ${issue.measurement}.${issue.field} ${/machine=(\w+)/.exec(issue.series)![1]} ${issue.status}`);
    expect(found).toEqual(expect.arrayContaining(['drift oven.ZoneTemperature1 Oven2 open', 'flatline oven.GasFlow Oven1 closed', 'spike checkweigher.NetWeight Checkweigher closed']));
    const spikes = (await issuesOf(realTime)).filter((issue) => issue.check === 'spike' && issue.measurement === 'checkweigher').map((issue) => (Date.parse(issue.startedAt) - PLANT_START) / 1000);
    expect(spikes.sort((a, b) => a - b)).toEqual([600, 900]);
  });

  it('opens and closes the same issues, with the same times and evidence, as real time did', async () => {
    const expected = comparable(await issuesOf(realTime));
    expect(expected.length).toBeGreaterThanOrEqual(4);
    expect(comparable(await issuesOf(backlog))).toEqual(expected);
  });

  it('writes the same window scores, per (measurement, field) and per flagged series window', async () => {
    const expected = (await scoresOf(realTime)) as { windows: unknown[]; seriesWindows: unknown[] };
    // 15 minutes of every (measurement, field) of the plant, and the windows the faults flagged.
    expect(expected.windows).toHaveLength(15 * 21);
    expect(expected.seriesWindows.length).toBeGreaterThan(3);
    expect(await scoresOf(backlog)).toEqual(expected);
  });
});

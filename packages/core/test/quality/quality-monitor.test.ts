import type { QualityIssue, TelemetryPoint } from '@facilflow/contracts';
import { createQualityMonitor } from '@facilflow/core';
import { schema } from '@facilflow/db';
import { createTestPlatform, type TestPlatform, type TestTenant } from '@facilflow/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoPlant, plantStream } from './demo-plant-signals.ts';

let t: TestPlatform;
const START = Date.UTC(2026, 0, 5, 8, 0, 0);
const at = (seconds: number) => new Date(START + seconds * 1000).toISOString();

beforeAll(async () => {
  t = await createTestPlatform();
});
afterAll(() => t?.close());

/** A monitor on a clock the test moves. */
function monitorFor(tenantId: string, options: { windowSeconds?: number; clearAfterSeconds?: number; forgetAfterSeconds?: number } = {}) {
  const clock = { now: START };
  const monitor = createQualityMonitor({
    services: t.platform.services,
    now: () => new Date(clock.now),
    tickIntervalMs: 0,
    windowSeconds: options.windowSeconds ?? 60,
    ...(options.forgetAfterSeconds === undefined ? {} : { forgetAfterSeconds: options.forgetAfterSeconds }),
    thresholds: options.clearAfterSeconds === undefined ? {} : { clearAfterSeconds: options.clearAfterSeconds },
    log: (message, error) => {
      throw new Error(`${message}: ${String(error)}`);
    },
  });
  /** Points with their own timestamps, received at `seconds` after the start. */
  const feed = async (seconds: number, points: TelemetryPoint[], agentId: string | null = null) => {
    clock.now = START + seconds * 1000;
    await monitor.observe({ tenantId, agentId, points, receivedAt: new Date(clock.now) });
  };
  const tickAt = async (seconds: number) => {
    clock.now = START + seconds * 1000;
    await monitor.tick();
  };
  return { monitor, clock, feed, tickAt };
}

async function allIssues(tenant: TestTenant, filter: Record<string, unknown> = {}): Promise<QualityIssue[]> {
  const items: QualityIssue[] = [];
  let cursor: string | undefined;
  do {
    const page = (await t.call(tenant.ownerPrincipal, 'quality.issues', { status: 'all', limit: 200, ...filter, ...(cursor ? { cursor } : {}) })) as {
      items: QualityIssue[];
      nextCursor: string | null;
    };
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return items;
}

const ovenTags = (machine: string, line = 'Line1') => ({ enterprise: 'AcmeFoods', site: 'Riverside', area: 'Baking', line, machine });
const series = (tags: Record<string, string>) =>
  Object.keys(tags)
    .sort()
    .map((k) => `${k}=${tags[k]}`)
    .join(',');

describe('the demo plant, 20 minutes', () => {
  let plant: TestTenant;
  let issues: QualityIssue[];
  const seconds = 1200;

  beforeAll(async () => {
    plant = await t.createTenant('Quality demo plant');
    const m = monitorFor(plant.tenantId);
    const monitor = m.monitor;
    const stream = plantStream(loadDemoPlant(), { seed: 7, startMs: START });
    for (let s = 0; s < seconds; s++) {
      await m.feed(s + 1, stream.second(s));
      if (s % 5 === 4) await m.tickAt(s + 1);
    }
    await m.tickAt(seconds);
    // Writes the last windows; a later tick would (rightly) find every series silent.
    await monitor.close();
    issues = await allIssues(plant);
  }, 120_000);

  const of = (machine: string, field: string, check?: string) =>
    issues.filter((i) => i.series.includes(`machine=${machine},`) && i.field === field && (!check || i.check === check));

  it('flags the drift of Oven2 ZoneTemperature1 within minutes of its start (10 min), and not its steady siblings', () => {
    const [drift, ...more] = of('Oven2', 'ZoneTemperature1', 'drift');
    expect(more).toEqual([]);
    expect(drift).toMatchObject({ measurement: 'oven', status: 'open', severity: 'warning', series: series(ovenTags('Oven2')) });
    const startedS = (Date.parse(drift!.startedAt) - START) / 1000;
    expect(startedS).toBeGreaterThan(600);
    expect(startedS).toBeLessThan(600 + 300);
    expect(drift!.details).toMatchObject({ baseline: expect.closeTo(210, 0) });
    expect(Number(drift!.details!.slopePerMinute)).toBeGreaterThan(0.4);
    expect(of('Oven1', 'ZoneTemperature1')).toEqual([]);
    expect(of('Oven3', 'ZoneTemperature1')).toEqual([]);
    expect(of('Oven2', 'ZoneTemperature2')).toEqual([]);
  });

  it('flags the 2-minute flatline of Oven1 GasFlow (from 15 min) and closes it once the value moves again', () => {
    const [flatline, ...more] = of('Oven1', 'GasFlow', 'flatline');
    expect(more).toEqual([]);
    const startedS = (Date.parse(flatline!.startedAt) - START) / 1000;
    expect(startedS).toBeGreaterThanOrEqual(900 + 20);
    expect(startedS).toBeLessThanOrEqual(900 + 60);
    expect(flatline!.status).toBe('closed');
    expect((Date.parse(flatline!.endedAt!) - START) / 1000).toBeCloseTo(1020, -1);
    expect(of('Oven2', 'GasFlow')).toEqual([]);
    expect(of('Oven3', 'GasFlow')).toEqual([]);
  });

  it('flags every 0 g spike of the Line2 checkweigher (every 5 min) and nothing on Line1', () => {
    const spikes = issues.filter((i) => i.measurement === 'checkweigher' && i.series.includes('line=Line2') && i.check === 'spike');
    expect(spikes.map((i) => Math.round((Date.parse(i.startedAt) - START) / 1000)).sort((a, b) => a - b)).toEqual([300, 600, 900]);
    for (const spike of spikes) expect(spike.details).toMatchObject({ value: 0 });
    expect(issues.filter((i) => i.measurement === 'checkweigher' && i.series.includes('line=Line1'))).toEqual([]);
  });

  it('raises nothing else on the healthy signals (sines, random walks, counters, states, setpoints)', () => {
    const expected = new Set(['Oven2/ZoneTemperature1/drift', 'Oven1/GasFlow/flatline', 'Checkweigher/NetWeight/spike']);
    const unexpected = issues.filter((i) => !expected.has(`${/machine=([^,]+)/.exec(i.series)![1]}/${i.field}/${i.check}`));
    expect(unexpected).toEqual([]);
  });

  it('scores each (measurement, field) per window over its series, and keeps a series window only where a sample was flagged', async () => {
    const out = (await t.call(plant.ownerPrincipal, 'quality.scores', {
      measurement: 'checkweigher',
      from: at(0),
      to: at(seconds),
      includeWindows: true,
      includeSeries: true,
      limit: 1000,
    })) as {
      fields: Array<{ field: string; score: number; points: number; seriesCount: number; counts: Record<string, number>; worst: { series: string; flagged: number } | null }>;
      measurements: Array<{ measurement: string; score: number; points: number; fields: number; worst: { series: string } | null }>;
      windows: Array<{ field: string; windowStart: string; score: number; points: number; seriesCount: number; counts: Record<string, number> }>;
      seriesWindows: Array<{ series: string; field: string; windowStart: string; score: number; points: number; counts: Record<string, number> }>;
    };
    const line2 = series({ area: 'Packaging', enterprise: 'AcmeFoods', line: 'Line2', machine: 'Checkweigher', site: 'Riverside' });
    // 5 samples a second for 20 minutes on each of the two lines; three samples of Line2 were 0 g.
    expect(out.fields).toHaveLength(1);
    expect(out.fields[0]).toMatchObject({ field: 'NetWeight', points: 12000, seriesCount: 2, counts: { clean: 11997, spike: 3 }, worst: { series: line2, flagged: 3 } });
    expect(out.fields[0]!.score).toBeCloseTo(11997 / 12000, 6);
    expect(out.measurements).toEqual([
      { measurement: 'checkweigher', points: 12000, score: expect.closeTo(11997 / 12000, 6), fields: 2, worst: expect.objectContaining({ series: line2 }) },
    ]);
    // Every minute: both lines' 300 samples each.
    expect(out.windows).toHaveLength(20);
    expect(out.windows.every((w) => w.seriesCount === 2 && w.points === 600)).toBe(true);
    const spikeWindow = out.windows.find((w) => w.windowStart === at(300))!;
    expect(spikeWindow).toMatchObject({ points: 600, counts: { clean: 599, spike: 1 } });
    expect(spikeWindow.score).toBeCloseTo(599 / 600, 6);
    expect(out.windows.filter((w) => ![at(300), at(600), at(900)].includes(w.windowStart)).every((w) => w.score === 1 && w.counts.clean === 600)).toBe(true);
    // Only Line2's three spike windows are kept per series: Line1 had no flagged sample.
    expect(out.seriesWindows.map((w) => [w.series, w.windowStart, w.points, w.counts])).toEqual([
      [line2, at(900), 300, { clean: 299, spike: 1 }],
      [line2, at(600), 300, { clean: 299, spike: 1 }],
      [line2, at(300), 300, { clean: 299, spike: 1 }],
    ]);
    expect(out.seriesWindows[0]!.score).toBeCloseTo(299 / 300, 6);
  });

  it('aggregates every measurement, worst fields first', async () => {
    const out = (await t.call(plant.ownerPrincipal, 'quality.scores', { from: at(0), to: at(seconds), limit: 3 })) as {
      fields: Array<{ measurement: string; field: string; score: number; worst: { series: string } | null }>;
      measurements: Array<{ measurement: string; score: number }>;
      truncated: boolean;
    };
    expect(out.truncated).toBe(true);
    expect(out.fields).toHaveLength(3);
    expect(out.fields[0]).toMatchObject({ measurement: 'oven', field: 'ZoneTemperature1', worst: { series: series(ovenTags('Oven2')) } });
    expect(out.fields.map((f) => f.score)).toEqual([...out.fields.map((f) => f.score)].sort((a, b) => a - b));
    expect(out.measurements.map((m) => m.measurement)).toEqual(['checkweigher', 'compressor', 'energymeter', 'filler', 'mixer', 'oven']);
    expect(out.measurements.find((m) => m.measurement === 'mixer')!.score).toBe(1);
    expect(out.measurements.find((m) => m.measurement === 'oven')!.score).toBeLessThan(1);
  });

  it('lists issues by status and filter, newest first, page by page', async () => {
    const open = (await t.call(plant.ownerPrincipal, 'quality.issues', {})) as { items: QualityIssue[] };
    expect(open.items.some((i) => i.check === 'drift')).toBe(true);
    expect(open.items.every((i) => i.status === 'open' && i.endedAt === null)).toBe(true);
    const closed = (await t.call(plant.ownerPrincipal, 'quality.issues', { status: 'closed', check: 'flatline' })) as { items: QualityIssue[] };
    expect(closed.items.map((i) => i.field)).toEqual(['GasFlow']);
    const byField = (await t.call(plant.ownerPrincipal, 'quality.issues', { status: 'all', measurement: 'checkweigher', field: 'NetWeight' })) as { items: QualityIssue[] };
    expect(byField.items).toHaveLength(3);
    const first = (await t.call(plant.ownerPrincipal, 'quality.issues', { status: 'all', limit: 2 })) as { items: QualityIssue[]; nextCursor: string | null };
    const second = (await t.call(plant.ownerPrincipal, 'quality.issues', { status: 'all', limit: 2, cursor: first.nextCursor })) as { items: QualityIssue[] };
    expect(first.items).toHaveLength(2);
    expect(first.items[0]!.startedAt >= first.items[1]!.startedAt).toBe(true);
    expect(second.items[0]!.startedAt <= first.items[1]!.startedAt).toBe(true);
    expect(new Set([...first.items, ...second.items].map((i) => i.id)).size).toBe(first.items.length + second.items.length);
    const window = (await t.call(plant.ownerPrincipal, 'quality.issues', { status: 'all', from: at(1100), to: at(1200) })) as { items: QualityIssue[] };
    // Still open, or ended after 1100 s: the drift, and nothing that ended before (the 300 s and 600 s spikes).
    expect(window.items.some((i) => i.check === 'drift')).toBe(true);
    expect(window.items.some((i) => i.check === 'spike' && Date.parse(i.startedAt) < START + 700_000)).toBe(false);
  });
});

describe('single checks', () => {
  const oven1 = ovenTags('Oven1');
  const temp = (s: number, value: number | string, tags = oven1): TelemetryPoint => ({ m: 'oven', tags, f: { ZoneTemperature1: value }, t: START + s * 1000 });
  /** Deterministic noise around 210, ±1.5. */
  const noise = (s: number) => 210 + 1.5 * Math.sin(s * 12.9898) * Math.cos(s * 78.233);

  it('flags values outside the schema registry range, once per episode, and closes the issue when they are back in range', async () => {
    const tenant = await t.createTenant('Quality range');
    await t.platform.services.db.withTenant(tenant.tenantId, (tx) =>
      tx.insert(schema.measurementSchemas).values({
        tenantId: tenant.tenantId,
        measurement: 'oven',
        version: 1,
        fields: [{ name: 'ZoneTemperature1', type: 'float', unit: 'degC', min: 0, max: 320, required: false }],
        requiredTags: [],
        createdBy: 'test',
      }),
    );
    const m = monitorFor(tenant.tenantId, { clearAfterSeconds: 30 });
    for (let s = 0; s < 60; s++) await m.feed(s + 1, [temp(s, s >= 40 && s < 45 ? 340 + s : noise(s))]);
    await m.tickAt(61);
    let [range, ...others] = await allIssues(tenant);
    expect(others).toEqual([]);
    expect(range).toMatchObject({ check: 'range', severity: 'critical', status: 'open', startedAt: at(40), details: { min: 0, max: 320 } });
    // Back in range for longer than clearAfterSeconds.
    for (let s = 60; s < 100; s++) await m.feed(s + 1, [temp(s, noise(s))]);
    await m.tickAt(101);
    [range, ...others] = await allIssues(tenant);
    expect(others).toEqual([]);
    expect(range).toMatchObject({ check: 'range', status: 'closed', lastSeenAt: at(44), endedAt: at(45) });

    // Window scores: 5 of the first window's 60 samples were out of range.
    const scores = (await t.call(tenant.ownerPrincipal, 'quality.scores', { from: at(0), to: at(120), includeWindows: true })) as {
      windows: Array<{ windowStart: string; points: number; score: number; counts: Record<string, number> }>;
    };
    const first = scores.windows.find((w) => w.windowStart === at(0))!;
    expect(first).toMatchObject({ points: 60, counts: { clean: 55, range: 5 } });
    expect(first.score).toBeCloseTo(55 / 60, 6);
    await m.monitor.close();
  });

  it('continues an issue left open by a previous process instead of opening a second one', async () => {
    const tenant = await t.createTenant('Quality restart');
    const a = monitorFor(tenant.tenantId);
    await a.feed(1, [temp(0, Number.NaN)]);
    await a.tickAt(2);
    await a.monitor.close();
    const b = monitorFor(tenant.tenantId, { clearAfterSeconds: 10 });
    await b.feed(30, [temp(29, Number.POSITIVE_INFINITY)]);
    for (let s = 30; s < 45; s++) await b.feed(s + 1, [temp(s, noise(s))]);
    await b.tickAt(46);
    const issues = await allIssues(tenant);
    expect(issues).toEqual([expect.objectContaining({ check: 'null', status: 'closed', startedAt: at(0), lastSeenAt: at(29), endedAt: at(30) })]);
    await b.monitor.close();
  });

  it('flags a non-number in a numeric field as null', async () => {
    const tenant = await t.createTenant('Quality null');
    const m = monitorFor(tenant.tenantId);
    for (let s = 0; s < 10; s++) await m.feed(s + 1, [temp(s, s === 5 ? 'n/a' : noise(s))]);
    await m.tickAt(11);
    expect(await allIssues(tenant)).toEqual([expect.objectContaining({ check: 'null', status: 'open', startedAt: at(5) })]);
    await m.monitor.close();
  });

  it('flags a series that stops reporting once its silence exceeds several intervals (via tick), and closes it when data is back', async () => {
    const tenant = await t.createTenant('Quality freshness');
    const m = monitorFor(tenant.tenantId, { clearAfterSeconds: 30 });
    const other = ovenTags('Oven2');
    for (let s = 0; s < 60; s++) await m.feed(s + 1, [temp(s, noise(s)), temp(s, noise(s + 0.5), other)]);
    // Oven1 goes quiet at 60 s; Oven2 keeps reporting.
    for (let s = 60; s < 64; s++) await m.feed(s + 1, [temp(s, noise(s), other)]);
    await m.tickAt(64);
    expect(await allIssues(tenant)).toEqual([]);
    for (let s = 64; s < 90; s++) await m.feed(s + 1, [temp(s, noise(s), other)]);
    await m.tickAt(90);
    let issues = await allIssues(tenant);
    // Event time: Oven1's last point is stamped 59 s and it may be silent 5 s, so it is stale from 64 s (by Oven2's points, at 89 s now).
    expect(issues).toEqual([expect.objectContaining({ check: 'freshness', status: 'open', series: series(oven1), field: 'ZoneTemperature1', startedAt: at(64) })]);
    expect(issues[0]!.details).toMatchObject({ expectedIntervalSeconds: 1, silenceSeconds: 30 });
    // Still silent: the same issue, seen later.
    for (let s = 90; s < 120; s++) await m.feed(s + 1, [temp(s, noise(s), other)]);
    await m.tickAt(120);
    issues = await allIssues(tenant);
    expect(issues).toEqual([expect.objectContaining({ check: 'freshness', status: 'open', lastSeenAt: at(119) })]);
    // Data again from the point stamped 120 s; the issue ends then and closes after clearAfterSeconds.
    for (let s = 120; s < 160; s++) {
      await m.feed(s + 1, [temp(s, noise(s)), temp(s, noise(s + 0.5), other)]);
      await m.tickAt(s + 1);
    }
    issues = await allIssues(tenant);
    expect(issues).toEqual([expect.objectContaining({ check: 'freshness', status: 'closed', endedAt: at(120), lastSeenAt: at(120) })]);
    expect(issues[0]!.details).toMatchObject({ silenceSeconds: 61 });
    await m.monitor.close();
  });

  it('finds a silence inside one big batch, which no tick saw while it lasted, as the ticks would have', async () => {
    const tenant = await t.createTenant('Quality freshness in a backlog');
    const m = monitorFor(tenant.tenantId, { clearAfterSeconds: 30 });
    const other = ovenTags('Oven2');
    const points: TelemetryPoint[] = [];
    // Oven1 is silent from 60 s to 120 s; both arrive together, long after, in one batch.
    for (let s = 0; s < 160; s++) points.push(...(s < 60 || s >= 120 ? [temp(s, noise(s))] : []), temp(s, noise(s + 0.5), other));
    await m.feed(3600, points);
    await m.tickAt(3601);
    const issues = await allIssues(tenant);
    expect(issues).toEqual([expect.objectContaining({ check: 'freshness', status: 'closed', series: series(oven1), startedAt: at(64), lastSeenAt: at(120), endedAt: at(120) })]);
    expect(issues[0]!.details).toMatchObject({ silenceSeconds: 61, expectedIntervalSeconds: 1 });
    await m.monitor.close();
  });

  it('judges each agent by its own event time: one draining a backlog an hour behind is not stale, one that goes silent is', async () => {
    const tenant = await t.createTenant('Quality agents out of step');
    const m = monitorFor(tenant.tenantId);
    const behind = ovenTags('Oven2');
    for (let s = 0; s < 120; s++) {
      await m.feed(s + 1, [temp(s, noise(s))], 'edge-live');
      await m.feed(s + 1, [temp(s - 3600, noise(s + 0.5), behind)], 'edge-backlog');
      if (s % 10 === 9) await m.tickAt(s + 1);
    }
    expect(await allIssues(tenant)).toEqual([]);
    // The backlog agent stops; the live one goes on. Once the backlog agent has been silent for
    // sourceSilentAfterSeconds (30 s) its event time moves with the clock, and its field is stale.
    for (let s = 120; s < 170; s++) {
      await m.feed(s + 1, [temp(s, noise(s))], 'edge-live');
      await m.tickAt(s + 1);
    }
    const issues = await allIssues(tenant);
    expect(issues).toEqual([expect.objectContaining({ check: 'freshness', status: 'open', series: series(behind), startedAt: at(119 - 3600 + 5) })]);
    await m.monitor.close();
  });

  it('flags a field missing from a point of a series whose points always carry it', async () => {
    const tenant = await t.createTenant('Quality missing');
    const m = monitorFor(tenant.tenantId, { clearAfterSeconds: 20 });
    const wide = (s: number, drop: boolean): TelemetryPoint => ({
      m: 'compressor',
      tags: { machine: 'Compressor1' },
      f: drop ? { Pressure: 7 + (s % 7) / 10, Running: true } : { Pressure: 7 + (s % 7) / 10, Power: 38 + (s % 5), Running: true },
      t: START + s * 1000,
    });
    for (let s = 0; s < 150; s++) await m.feed(s + 1, [wide(s, s === 120 || s === 121)]);
    await m.tickAt(151);
    const [missing, ...others] = await allIssues(tenant);
    expect(others).toEqual([]);
    expect(missing).toMatchObject({ check: 'missing', field: 'Power', series: 'machine=Compressor1', startedAt: at(120), lastSeenAt: at(121), status: 'closed', endedAt: at(122) });
    await m.monitor.close();
  });

  it('forgets a field silent for forgetAfterSeconds with no open issue, and starts afresh when it returns', async () => {
    const tenant = await t.createTenant('Quality forget');
    const m = monitorFor(tenant.tenantId, { forgetAfterSeconds: 300 });
    for (let s = 0; s < 5; s++) await m.feed(s + 1, [temp(s, noise(s)), temp(s, noise(s), ovenTags('Oven2'))]);
    await m.tickAt(100);
    expect(m.monitor.stats()).toMatchObject({ series: 2, fields: 2 });
    await m.tickAt(400);
    expect(m.monitor.stats()).toMatchObject({ series: 0, fields: 0, openIssues: 0 });
    await m.feed(401, [temp(400, noise(400))]);
    expect(m.monitor.stats()).toMatchObject({ series: 1, fields: 1 });
    await m.monitor.close();
  });

  it('adds a late sample to the score of a window already written', async () => {
    const tenant = await t.createTenant('Quality late');
    const m = monitorFor(tenant.tenantId, { clearAfterSeconds: 5 });
    for (let s = 0; s < 70; s++) await m.feed(s + 1, [temp(s, noise(s))]);
    await m.tickAt(80);
    await m.feed(81, [temp(30.5, Number.NaN)]);
    await m.tickAt(200);
    const scores = (await t.call(tenant.ownerPrincipal, 'quality.scores', { from: at(0), to: at(60), includeWindows: true })) as {
      windows: Array<{ points: number; score: number; counts: Record<string, number> }>;
    };
    expect(scores.windows).toEqual([expect.objectContaining({ points: 61, counts: { clean: 60, null: 1 } })]);
    expect(scores.windows[0]!.score).toBeCloseTo(60 / 61, 6);
    await m.monitor.close();
  });
});

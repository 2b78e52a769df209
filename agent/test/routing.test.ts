import type { TelemetryBatch, TelemetryPoint } from '@facilflow/contracts';
import type { PlantSimulator } from '@facilflow/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PublishedStatus } from '../src/publisher/status-reporter.ts';
import type { Observer } from './support/observer.ts';
import { benchSource, PLANT_START } from './support/plant.ts';
import { startAgentRig, type AgentRig } from './support/rig.ts';

// The simulator's synthetic tags (bench-nodes.ts): Tag_j of Group_g is the (g·1000 + j)-th, a one-minute sine with that phase.
const TAGS = 2500;
const INTERVAL_MS = 1000;
const OMEGA = (2 * Math.PI) / 60_000;

let rig: AgentRig;
let simulator: PlantSimulator;
let observer: Observer;
let nodeIds: readonly string[];

const indexOf = (point: TelemetryPoint): number => Number(point.tags.group) * 1000 + Number(point.tags.tag);
/** What the simulator served for the tag of this series at this source timestamp. */
const expectedValue = (point: TelemetryPoint): number => 50 + 25 * Math.sin(OMEGA * ((point.t - PLANT_START) / INTERVAL_MS) * INTERVAL_MS + indexOf(point));

/** A config of the given bench tags, in CreateMonitoredItems calls of 400, so handles run across several calls. */
const configOf = (version: number, tagIndexes: readonly number[]) => ({
  version,
  sources: [benchSource('bench', simulator.endpointUrl, tagIndexes.map((i) => nodeIds[i]!), INTERVAL_MS, { monitoredItemsPerCall: 400 })],
  batch: { maxPoints: 1000, maxDelayMs: 200 },
});

const running = (version: number, items: number) => (s: PublishedStatus) => s.appliedConfigVersion === version && s.sources[0]?.state === 'connected' && s.sources[0].monitoredItems === items;

/** Points from telemetry arriving from now on, until `done` says enough; every one is checked against the simulator. */
async function collect(done: (points: readonly TelemetryPoint[]) => boolean): Promise<TelemetryPoint[]> {
  const points: TelemetryPoint[] = [];
  await observer.next<TelemetryBatch>('telemetry', (batch) => {
    points.push(...batch.points);
    return done(points);
  });
  for (const point of points) {
    expect(point.m).toBe('bench');
    expect(point.f, `${point.tags.group}/${point.tags.tag} at ${point.t}`).toEqual({ value: expectedValue(point) });
  }
  return points;
}

const range = (from: number, to: number): number[] => Array.from({ length: to - from }, (_, i) => from + i);
const seriesSeen = (points: readonly TelemetryPoint[], since = 0): Set<number> => new Set(points.filter((p) => p.t > since).map(indexOf));

beforeAll(async () => {
  rig = await startAgentRig({ label: 'routing', tenantId: 'acme', agentId: 'edge_routing', seed: 5, extraTags: { count: TAGS, samplingIntervalMs: INTERVAL_MS } });
  ({ simulator, observer } = rig);
  nodeIds = simulator.nodeIds.extra[0] ?? [];
});

afterAll(() => rig?.stop());

describe('routing notifications to their series', () => {
  it('puts every value of thousands of monitored items in its own tag’s series, at its source timestamp', async () => {
    expect(nodeIds).toHaveLength(TAGS);
    const monitored = range(0, TAGS - 1);
    const applied = observer.next<PublishedStatus>('status', running(1, monitored.length));
    await observer.publish('config', configOf(1, monitored), { retain: true });
    await applied;
    const points = await collect((collected) => seriesSeen(collected).size === monitored.length);
    expect([...seriesSeen(points)].sort((a, b) => a - b)).toEqual(monitored);
  });

  it('routes a tag added by remote config, and no longer routes the tags a later config removes', async () => {
    const added = TAGS - 1;
    const withAdded = range(0, TAGS);
    const addedApplied = observer.next<PublishedStatus>('status', running(2, withAdded.length));
    await observer.publish('config', configOf(2, withAdded), { retain: true });
    await addedApplied;
    await collect((collected) => collected.some((p) => indexOf(p) === added));

    const removed = [0, 1200, added];
    const remaining = withAdded.filter((i) => !removed.includes(i));
    const removedApplied = observer.next<PublishedStatus>('status', running(3, remaining.length));
    await observer.publish('config', configOf(3, remaining), { retain: true });
    await removedApplied;
    // Sampled after the new config runs: every remaining tag, and none of the removed ones.
    const since = simulator.clock.nowMs();
    const points = await collect((collected) => seriesSeen(collected, since).size >= remaining.length);
    const seen = seriesSeen(points, since);
    expect(removed.filter((i) => seen.has(i))).toEqual([]);
    expect(seen.size).toBe(remaining.length);
  });
});

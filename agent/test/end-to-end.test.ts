import { agentHeartbeatSchema, agentStatusSchema, type TelemetryBatch } from '@facilflow/contracts';
import type { PlantSimulator } from '@facilflow/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningAgent } from '../src/agent.ts';
import type { PublishedStatus } from '../src/publisher/status-reporter.ts';
import type { Observer } from './support/observer.ts';
import { demoPlant, expectedValue, plantSource, plantTagOf, type ReceivedPoint } from './support/plant.ts';
import { startAgentRig, type AgentRig } from './support/rig.ts';
import { pointBatchOf } from './support/telemetry.ts';

const SEED = 7;
let rig: AgentRig;
let simulator: PlantSimulator;
let observer: Observer;
let agent: RunningAgent;

beforeAll(async () => {
  rig = await startAgentRig({
    label: 'e2e',
    tenantId: 'acme',
    agentId: 'edge_e2e',
    seed: SEED,
    config: (endpointUrl) => ({ version: 1, sources: [plantSource(endpointUrl)], batch: { maxPoints: 40, maxDelayMs: 200 }, heartbeatIntervalMs: 1000 }),
  });
  ({ simulator, observer, agent } = rig);
});

afterAll(() => rig?.stop());

describe('simulator → agent → broker', () => {
  it('publishes batches with increasing sequence numbers, valid per the telemetry contract, carrying the simulator’s values at their source timestamps', async () => {
    // Every tag's first value (monitored items report their initial value), and then some.
    const seen = new Set<string>();
    await observer.until<TelemetryBatch>('telemetry', (batch) => {
      for (const point of batch.points) seen.add(plantTagOf(point).nodeId);
      return seen.size === demoPlant.tags.length && batch.seq >= 10;
    });
    // Published as compact batches (v2, JSON by default), valid per their contract schema; their points in flattened order.
    const published = observer.published('telemetry');
    expect(published.every((message) => message.topic === `ff/v1/acme/agents/edge_e2e/telemetry` && (message.published as { v: number }).v === 2)).toBe(true);
    const batches = published.map((message) => pointBatchOf(message.published));
    expect(batches.map((b) => b.seq)).toEqual(batches.map((_, i) => i));
    expect(batches.every((b) => b.agentId === 'edge_e2e' && b.points.length <= 40)).toBe(true);
    for (const batch of batches) {
      for (const point of batch.points as ReceivedPoint[]) {
        const tag = plantTagOf(point);
        const { k, value } = expectedValue(tag, point.t, SEED);
        // Source timestamps are the sample instants of the plant clock; the value is that sample's.
        expect(Number.isInteger(k), `${tag.nodeId} at ${point.t}`).toBe(true);
        expect(point.f[tag.name], `${tag.nodeId} sample ${k}`).toBe(value);
        expect(point.m).toBe(plantSource(simulator.endpointUrl).tags.find((t) => t.nodeId === tag.nodeId)?.measurement);
      }
    }
    // Per tag, source timestamps never go back.
    const lastT = new Map<string, number>();
    for (const point of batches.flatMap((b) => b.points)) {
      const nodeId = plantTagOf(point).nodeId;
      expect(point.t).toBeGreaterThan(lastT.get(nodeId) ?? 0);
      lastT.set(nodeId, point.t);
    }
  });

  it('keeps a retained online status with the source connected and the config version it runs', async () => {
    const status = await observer.until<PublishedStatus>('status', (s) => s.state === 'online' && s.sources[0]?.state === 'connected');
    expect(agentStatusSchema.parse(status)).toMatchObject({ agentId: 'edge_e2e', state: 'online', appliedConfigVersion: 1 });
    expect(status.sources).toEqual([
      expect.objectContaining({ id: 'plant', endpointUrl: simulator.endpointUrl, state: 'connected', monitoredItems: demoPlant.tags.length, lastError: null, badStatusValues: 0 }),
    ]);
    expect(status.configError).toBeNull();
  });

  it('sends heartbeats with throughput and resource figures', async () => {
    const heartbeat = agentHeartbeatSchema.parse(await observer.next('heartbeat', (h: { notificationsPerSecond: number }) => h.notificationsPerSecond > 0));
    expect(heartbeat).toMatchObject({ agentId: 'edge_e2e', appliedConfigVersion: 1, droppedBatches: 0, droppedPoints: 0 });
    expect(heartbeat.pointsPerSecond).toBeGreaterThan(0);
    expect(heartbeat.rssBytes).toBeGreaterThan(0);
    expect(heartbeat.publishedBatches).toBeGreaterThan(0);
    expect(agent.stats()).toMatchObject({ mqttConnected: true, appliedConfigVersion: 1 });
  });
});

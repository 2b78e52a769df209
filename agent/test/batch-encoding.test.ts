import { agentTopic, compactTelemetryBatchSchema } from '@facilflow/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BatchPayloads } from '../src/publisher/batch-payload.ts';
import type { PublishedStatus } from '../src/publisher/status-reporter.ts';
import { batchPoints } from './support/batches.ts';
import { expectedValue, plantSource, plantTagOf, type ReceivedPoint } from './support/plant.ts';
import { startAgentRig, type AgentRig } from './support/rig.ts';
import { pointBatchOf, type PointBatch } from './support/telemetry.ts';

const SEED = 11;
const TENANT = 'acme';
const AGENT = 'edge_enc';
const jsonTopic = agentTopic(TENANT, AGENT, 'telemetry');
const msgpackTopic = agentTopic(TENANT, AGENT, 'telemetry', 'msgpack');
const config = (endpointUrl: string, version: number, encoding: 'json' | 'msgpack') => ({
  version,
  sources: [plantSource(endpointUrl)],
  batch: { maxPoints: 30, maxDelayMs: 200, encoding },
  heartbeatIntervalMs: 1000,
});

let rig: AgentRig;

beforeAll(async () => {
  rig = await startAgentRig({ label: 'encoding', tenantId: TENANT, agentId: AGENT, seed: SEED, config: (endpointUrl) => config(endpointUrl, 1, 'msgpack') });
});

afterAll(() => rig?.stop());

function expectPlantValues(batch: PointBatch): void {
  for (const point of batch.points as ReceivedPoint[]) {
    const tag = plantTagOf(point);
    const { k, value } = expectedValue(tag, point.t, SEED);
    expect(Number.isInteger(k), `${tag.nodeId} at ${point.t}`).toBe(true);
    expect(point.f[tag.name], `${tag.nodeId} sample ${k}`).toBe(value);
  }
}

describe('the batch encoding an agent publishes', () => {
  it('publishes compact batches as MessagePack on telemetry/msgpack when its config says so', async () => {
    await rig.observer.until<PointBatch>('telemetry', (batch) => batch.seq >= 5);
    const published = rig.observer.published('telemetry');
    expect(published.every((message) => message.topic === msgpackTopic)).toBe(true);
    const batches = published.map((message) => compactTelemetryBatchSchema.parse(message.published));
    expect(batches.map((batch) => batch.seq)).toEqual(batches.map((_, i) => i));
    // Each series once per batch: its measurement and tag set are not repeated per point.
    for (const batch of batches) expect(new Set(batch.series.map((series) => JSON.stringify([series.m, series.tags]))).size).toBe(batch.series.length);
    for (const message of published) expectPlantValues(pointBatchOf(message.published));
  });

  it('switches to JSON on a remote config, the sequence carrying on across the two topics without a gap or a repeat', async () => {
    await rig.observer.publish('config', config(rig.simulator.endpointUrl, 2, 'json'), { retain: true });
    await rig.observer.until<PublishedStatus>('status', (status) => status.appliedConfigVersion === 2);
    await rig.observer.until('telemetry', (_body) => rig.observer.published('telemetry').filter((message) => message.topic === jsonTopic).length >= 3);
    const published = rig.observer.published('telemetry');
    const firstJson = published.findIndex((message) => message.topic === jsonTopic);
    expect(published.slice(firstJson).every((message) => message.topic === jsonTopic && (message.published as { v: number }).v === 2)).toBe(true);
    const batches = published.map((message) => pointBatchOf(message.published));
    expect(batches.map((batch) => batch.seq)).toEqual(batches.map((_, i) => i));
    for (const batch of batches.slice(firstJson)) expectPlantValues(batch);
  });
});

describe('a batch buffered by an agent from before v2', () => {
  it('goes out as it was made: a v1 JSON batch on the telemetry topic, with its own sequence number', () => {
    const payloads = new BatchPayloads(AGENT, { json: jsonTopic, msgpack: msgpackTopic });
    const message = payloads.of({ seq: 41, pointCount: 3, points: Buffer.from(batchPoints(41, 3)) }, 1_700_000_000_123);
    expect(message.topic).toBe(jsonTopic);
    const batch = pointBatchOf(JSON.parse(message.payload.toString('utf8')));
    expect(batch).toMatchObject({ v: 1, agentId: AGENT, seq: 41, sentAt: 1_700_000_000_123 });
    expect(batch.points).toHaveLength(3);
  });
});

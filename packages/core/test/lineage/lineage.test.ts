import type { LineageEdge, LineageNode } from '@facilflow/contracts';
import { createLineageRecorder, type LineageRecorder } from '@facilflow/core';
import { createTestPlatform, type TestPlatform, type TestTenant } from '@facilflow/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoPlant, mapTag, plantStream } from '../quality/demo-plant-signals.ts';

let t: TestPlatform;
let a: TestTenant;
let b: TestTenant;
let agentId: string;
let recorder: LineageRecorder;
const clock = { now: Date.UTC(2026, 0, 5, 8, 0, 0) };
const START = clock.now;

type GraphNode = LineageNode & { depth: number; direction: string };
interface Graph {
  root: LineageNode;
  nodes: GraphNode[];
  edges: LineageEdge[];
  truncated: boolean;
}

const code = (p: Promise<unknown>) => p.then(() => 'ok', (e: { code: string }) => e.code);
const graph = (tenant: TestTenant, input: Record<string, unknown>) => t.call(tenant.ownerPrincipal, 'lineage.graph', input) as Promise<Graph>;
const ids = (g: Graph, direction?: string) => g.nodes.filter((n) => !direction || n.direction === direction).map((n) => n.id).sort();

const plant = loadDemoPlant();
const ovenTags = plant.tags.filter((tag) => mapTag(tag).measurement === 'oven');
const tagNode = (nodeId: string) => `tag:${agentId}/plc1/${nodeId}`;

beforeAll(async () => {
  t = await createTestPlatform();
  a = await t.createTenant('Lineage A');
  b = await t.createTenant('Lineage B');
  agentId = ((await t.call(a.ownerPrincipal, 'agents.enroll', { name: 'Bakery gateway' })) as { agent: { id: string } }).agent.id;
  await t.call(a.ownerPrincipal, 'dataSources.create', {
    agentId,
    name: 'Bakery PLC',
    source: {
      id: 'plc1',
      kind: 'opcua',
      endpointUrl: 'opc.tcp://plc1.bakery:4840',
      tags: ovenTags.map((tag) => ({ nodeId: tag.nodeId, samplingIntervalMs: tag.samplingIntervalMs, ...mapTag(tag) })),
    },
  });
  recorder = createLineageRecorder({ services: t.platform.services, now: () => new Date(clock.now), flushIntervalMs: 0 });
  // Ten seconds of the ovens as the agent publishes them, and one point no subscribed tag explains.
  const stream = plantStream(plant, { seed: 3, startMs: START, only: (tag) => mapTag(tag).measurement === 'oven' });
  for (let s = 0; s < 10; s++) {
    clock.now = START + (s + 1) * 1000;
    await recorder.observe({ tenantId: a.tenantId, agentId, points: stream.second(s), receivedAt: new Date(clock.now) });
  }
  await recorder.observe({ tenantId: a.tenantId, agentId, points: [{ m: 'lab', tags: {}, f: { Humidity: 41 }, t: clock.now }], receivedAt: new Date(clock.now) });
  await recorder.flush();
});
afterAll(async () => {
  await recorder?.close();
  await t?.close();
});

describe('lineage captured from live traffic', () => {
  it('upstream of a field reaches the exact PLC tags, their source and the agent', async () => {
    const g = await graph(a, { nodeId: 'field:oven.ZoneTemperature1', direction: 'upstream' });
    const zone1 = ovenTags.filter((tag) => tag.name === 'ZoneTemperature1').map((tag) => tagNode(tag.nodeId));
    expect(zone1).toHaveLength(3);
    expect(g.root).toMatchObject({ id: 'field:oven.ZoneTemperature1', kind: 'field', label: 'oven.ZoneTemperature1' });
    expect(ids(g)).toEqual([`agent:${agentId}`, `source:${agentId}/plc1`, 'field:oven.ZoneTemperature1', ...zone1].sort());
    expect(g.nodes.find((n) => n.id === `agent:${agentId}`)).toMatchObject({ kind: 'agent', label: 'Bakery gateway', depth: 3, direction: 'upstream' });
    expect(g.nodes.find((n) => n.id === zone1[0])).toMatchObject({
      kind: 'tag',
      depth: 1,
      attributes: { measurement: 'oven', field: 'ZoneTemperature1', sourceKey: 'plc1', tags: { area: 'Baking', machine: expect.stringMatching(/^Oven\d$/) } },
    });
    expect(g.nodes.find((n) => n.id === `source:${agentId}/plc1`)).toMatchObject({ kind: 'source', label: 'Bakery PLC', attributes: { endpointUrl: 'opc.tcp://plc1.bakery:4840' } });
    expect(g.edges.map((e) => `${e.from} -${e.kind}-> ${e.to}`).sort()).toEqual(
      [
        `agent:${agentId} -reads-> source:${agentId}/plc1`,
        ...zone1.map((id) => `source:${agentId}/plc1 -subscribes-> ${id}`),
        ...zone1.map((id) => `${id} -writes-> field:oven.ZoneTemperature1`),
      ].sort(),
    );
  });

  it('upstream of a measurement reaches the agent through every tag that writes it', async () => {
    const g = await graph(a, { nodeId: 'measurement:oven', direction: 'upstream', depth: 3 });
    expect(ids(g)).toContain(`agent:${agentId}`);
    expect(g.nodes.filter((n) => n.kind === 'tag')).toHaveLength(ovenTags.length);
  });

  it('downstream of the agent reaches measurements and fields, including data no subscribed tag explains', async () => {
    const g = await graph(a, { nodeId: `agent:${agentId}`, direction: 'downstream', depth: 3 });
    const reached = ids(g, 'downstream');
    expect(reached).toContain('measurement:oven');
    expect(reached).toContain('field:oven.GasFlow');
    expect(g.nodes.find((n) => n.id === 'measurement:oven')!.depth).toBe(3);
    // The agent wrote `lab` without a tag mapping it: linked straight from the agent.
    expect(g.nodes.filter((n) => n.depth === 1).map((n) => n.id).sort()).toEqual(['field:lab.Humidity', 'measurement:lab', `source:${agentId}/plc1`]);
    expect(g.truncated).toBe(false);
  });

  it('follows at most `depth` hops, nearest first, and at most `limit` nodes', async () => {
    const one = await graph(a, { nodeId: `agent:${agentId}`, direction: 'downstream', depth: 1 });
    expect(ids(one, 'downstream')).toEqual(['field:lab.Humidity', 'measurement:lab', `source:${agentId}/plc1`]);
    const two = await graph(a, { nodeId: `agent:${agentId}`, direction: 'downstream', depth: 2 });
    expect(two.nodes.filter((n) => n.kind === 'tag')).toHaveLength(ovenTags.length);
    expect(two.nodes.some((n) => n.kind === 'measurement' && n.id === 'measurement:oven')).toBe(false);
    const limited = await graph(a, { nodeId: `agent:${agentId}`, direction: 'downstream', depth: 3, limit: 5 });
    expect(limited.truncated).toBe(true);
    expect(limited.nodes).toHaveLength(6);
    expect(limited.nodes.map((n) => n.depth)).toEqual([0, 1, 1, 1, 2, 2]);
    await expect(code(graph(a, { nodeId: `agent:${agentId}`, depth: 11 }))).resolves.toBe('INVALID');
  });

  it('both ways from a tag: its source and agent upstream, its measurement and field downstream, never its siblings', async () => {
    const tag = ovenTags.find((x) => x.path.endsWith('Oven2') && x.name === 'GasFlow')!;
    const g = await graph(a, { nodeId: tagNode(tag.nodeId), direction: 'both', depth: 10 });
    expect(ids(g, 'upstream')).toEqual([`agent:${agentId}`, `source:${agentId}/plc1`]);
    expect(ids(g, 'downstream')).toEqual(['field:oven.GasFlow', 'measurement:oven']);
    expect(g.nodes.find((n) => n.direction === 'root')!.id).toBe(tagNode(tag.nodeId));
  });

  it('answers NOT_FOUND for an unknown node', async () => {
    expect(await code(graph(a, { nodeId: 'measurement:nope' }))).toBe('NOT_FOUND');
  });

  it('keeps each tenant in its own graph: tenant B cannot see tenant A\'s nodes', async () => {
    expect(await code(graph(b, { nodeId: `agent:${agentId}` }))).toBe('NOT_FOUND');
    expect(await code(graph(b, { nodeId: 'measurement:oven' }))).toBe('NOT_FOUND');
    expect(await code(graph(b, { nodeId: tagNode(ovenTags[0]!.nodeId) }))).toBe('NOT_FOUND');
    // B's own traffic (even under A's agent id, which B does not own) never links to A's agent.
    clock.now += 1000;
    await recorder.observe({ tenantId: b.tenantId, agentId, points: [{ m: 'oven', tags: {}, f: { GasFlow: 40 }, t: clock.now }], receivedAt: new Date(clock.now) });
    await recorder.flush();
    const g = await graph(b, { nodeId: 'measurement:oven', direction: 'both' });
    expect(ids(g)).toEqual(['measurement:oven']);
    expect(await code(graph(b, { nodeId: `agent:${agentId}` }))).toBe('NOT_FOUND');
  });

  it('does not rewrite what it recorded within the last minute', async () => {
    const lastSeen = async () => (await graph(a, { nodeId: `agent:${agentId}`, direction: 'downstream', depth: 1 })).root.lastSeenAt;
    const before = await lastSeen();
    const point = { m: 'oven', tags: mapTag(ovenTags[0]!).tags, f: { [ovenTags[0]!.name]: 210 }, t: clock.now };
    clock.now += 30_000;
    await recorder.observe({ tenantId: a.tenantId, agentId, points: [point], receivedAt: new Date(clock.now) });
    await recorder.flush();
    expect(await lastSeen()).toBe(before);
    clock.now += 61_000;
    await recorder.observe({ tenantId: a.tenantId, agentId, points: [point], receivedAt: new Date(clock.now) });
    await recorder.flush();
    expect(await lastSeen()).toBe(new Date(clock.now).toISOString());
  });

  it('keeps flushing after a flush that found nothing to write (as its timer does from the start)', async () => {
    const idle = createLineageRecorder({ services: t.platform.services, now: () => new Date(clock.now), flushIntervalMs: 0 });
    try {
      await idle.flush();
      await idle.observe({ tenantId: b.tenantId, agentId: null, points: [{ m: 'boiler', tags: {}, f: { Pressure: 6.1 }, t: clock.now }], receivedAt: new Date(clock.now) });
      await idle.flush();
      expect((await graph(b, { nodeId: 'measurement:boiler' })).root.id).toBe('measurement:boiler');
    } finally {
      await idle.close();
    }
  });
});

import { agentTopic, lineageGraphOutput, lineageNodeIds, qualityIssuesOutput, type EnrollResponse } from '@facilflow/contracts';
import { createTestPlatform, type TestPlatform, type TestTenant } from '@facilflow/testkit';
import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachIngest, type AttachedIngest } from '../src/index.ts';
import { batchPayload, enrollAgent, publishOutcome } from './support/agents.ts';
import { connectAgentClient } from '@facilflow/testkit/agent-client';

const OVEN2_ZONE1 = 'ns=1;s=AcmeFoods.Riverside.Baking.Line1.Oven2.ZoneTemperature1';
const TAGS = { site: 'Riverside', area: 'Baking', line: 'Line1', machine: 'Oven2' };

let t: TestPlatform;
let a: TestTenant;
let attached: AttachedIngest;
let agent: EnrollResponse;
let client: MqttClient;

beforeAll(async () => {
  t = await createTestPlatform();
  a = await t.createTenant('Observed Plant');
  await t.call(a.ownerPrincipal, 'schemas.create', {
    measurement: 'oven',
    fields: [{ name: 'ZoneTemperature1', type: 'number', unit: 'degC', min: 0, max: 320 }],
    requiredTags: ['machine'],
  });
  // No observers given: ingest runs the standard ones, as the server does.
  attached = await attachIngest(t.platform);
  agent = await enrollAgent(t.call, t.platform.services, a.ownerPrincipal, 'Line 1 gateway');
  await t.call(a.ownerPrincipal, 'dataSources.create', {
    agentId: agent.agentId,
    name: 'Line 1 PLC',
    source: {
      id: 'line1',
      kind: 'opcua',
      endpointUrl: 'opc.tcp://plc-line1:4840',
      tags: [{ nodeId: OVEN2_ZONE1, measurement: 'oven', field: 'ZoneTemperature1', tags: TAGS }],
    },
  });
  client = await connectAgentClient(agent);
});
afterAll(async () => {
  await client?.endAsync(true);
  await attached?.close();
  await t?.close();
});

async function eventually<T>(probe: () => Promise<T | null>, what: string): Promise<T> {
  for (let attempt = 0; attempt < 150; attempt++) {
    const found = await probe();
    if (found !== null) return found;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`still no ${what} after 15 s`);
}

describe('the standard observers after each durable write', () => {
  it('record lineage from the PLC tag back to the agent, and flag an out-of-range value as a quality issue', async () => {
    const now = Date.now();
    const points = [200, 201, 999].map((value, i) => ({ m: 'oven', tags: TAGS, f: { ZoneTemperature1: value }, t: now - 3000 + i * 1000 }));
    expect(await publishOutcome(client, agentTopic(agent.tenantId, agent.agentId, 'telemetry'), batchPayload(agent.agentId, 1, points))).toBe('acked');

    const tag = lineageNodeIds.tag(agent.agentId, 'line1', OVEN2_ZONE1);
    const graph = await eventually(async () => {
      try {
        return lineageGraphOutput.parse(await t.call(a.ownerPrincipal, 'lineage.graph', { nodeId: tag, direction: 'upstream' }));
      } catch {
        return null;
      }
    }, 'lineage');
    expect(graph.nodes.map((n) => [n.id, n.depth])).toEqual(
      expect.arrayContaining([
        [tag, 0],
        [lineageNodeIds.source(agent.agentId, 'line1'), 1],
        [lineageNodeIds.agent(agent.agentId), 2],
      ]),
    );

    const issues = await eventually(async () => {
      const page = qualityIssuesOutput.parse(await t.call(a.ownerPrincipal, 'quality.issues', { measurement: 'oven', status: 'all' }));
      return page.items.length > 0 ? page.items : null;
    }, 'quality issue');
    expect(issues).toEqual([expect.objectContaining({ check: 'range', field: 'ZoneTemperature1' })]);
  });
});

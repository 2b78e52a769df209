import { AttributeIds, BrowseDirection, DataType, StatusCodes } from 'node-opcua';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlantSimulator, type PlantSimulator } from '../src/server/start.ts';
import { testClients, type Connection, type TestClients } from './support/client.ts';
import { demoPlant } from './support/plant.ts';

const START = Date.UTC(2026, 0, 5, 6, 0, 0);
const SLOW = { count: 50_000, samplingIntervalMs: 1000 };
const FAST = { count: 1_000, samplingIntervalMs: 100 };

let simulator: PlantSimulator;
let clients: TestClients;
let connection: Connection;

beforeAll(async () => {
  simulator = await startPlantSimulator({ model: demoPlant, port: 0, start: START, extraTags: [SLOW, FAST] });
  clients = await testClients();
  connection = await clients.connect(simulator.endpointUrl);
});
afterAll(async () => {
  await clients?.dispose();
  await simulator?.stop();
});

const browseNames = async (nodeId: string) =>
  (
    (
      await connection.session.browse({
        nodeId,
        browseDirection: BrowseDirection.Forward,
        referenceTypeId: 'HierarchicalReferences',
        includeSubtypes: true,
        resultMask: 63,
      })
    ).references ?? []
  ).map((r) => r.browseName.name ?? '');

describe('scale mode', () => {
  it('adds 51,000 synthetic tags next to the plant, grouped by a thousand', async () => {
    expect(simulator.nodeIds.plant).toHaveLength(demoPlant.tags.length);
    expect(simulator.nodeIds.extra.map((ids) => ids.length)).toEqual([50_000, 1_000]);
    expect(simulator.nodeIds.extra[0]?.[0]).toBe('ns=1;s=Bench.Group_0.Tag_0');
    expect(simulator.nodeIds.extra[0]?.at(-1)).toBe('ns=1;s=Bench.Group_49.Tag_999');
    expect(simulator.nodeIds.extra[1]?.[0]).toBe('ns=1;s=Bench.Group_50.Tag_0');

    expect(await browseNames('i=85')).toEqual(expect.arrayContaining(['AcmeFoods', 'Bench']));
    expect(await browseNames('ns=1;s=Bench')).toEqual(Array.from({ length: 51 }, (_, i) => `Group_${i}`));
    for (const group of ['Group_0', 'Group_27', 'Group_49', 'Group_50']) {
      const tags = await browseNames(`ns=1;s=Bench.${group}`);
      expect(tags, group).toHaveLength(1000);
      expect(tags[999], group).toBe('Tag_999');
    }
  });

  it('serves a sample of them with values on each tag’s sampling grid', async () => {
    const sample = [
      ...everyNth(simulator.nodeIds.extra[0] ?? [], 250).map((nodeId) => ({ nodeId, intervalMs: SLOW.samplingIntervalMs })),
      ...everyNth(simulator.nodeIds.extra[1] ?? [], 50).map((nodeId) => ({ nodeId, intervalMs: FAST.samplingIntervalMs })),
    ];
    expect(sample).toHaveLength(220);
    const values = await connection.session.read(sample.map(({ nodeId }) => ({ nodeId, attributeId: AttributeIds.Value })));
    values.forEach((value, i) => {
      const { nodeId, intervalMs } = sample[i]!;
      expect(value.statusCode, nodeId).toBe(StatusCodes.Good);
      expect(value.value.dataType, nodeId).toBe(DataType.Double);
      expect(value.value.value, nodeId).toBeGreaterThanOrEqual(25);
      expect(value.value.value, nodeId).toBeLessThanOrEqual(75);
      expect(((value.sourceTimestamp?.getTime() ?? Number.NaN) - START) % intervalMs, nodeId).toBe(0);
    });
  });
});

function everyNth<T>(items: readonly T[], n: number): T[] {
  return items.filter((_, i) => i % n === 0);
}

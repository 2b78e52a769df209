import { once } from 'node:events';
import {
  AttributeIds,
  BrowseDirection,
  ClientMonitoredItem,
  DataType,
  makeBrowsePath,
  NodeClass,
  standardUnits,
  StatusCodes,
  TimestampsToReturn,
  type DataValue,
} from 'node-opcua';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTagSignal } from '../src/behaviors/index.ts';
import type { PlantTag } from '../src/plant-model.ts';
import { startPlantSimulator, type PlantSimulator } from '../src/server/start.ts';
import { testClients, type Connection, type TestClients } from './support/client.ts';
import { demoPlant, healthy, tagOf } from './support/plant.ts';

const SEED = 11;
const SPEED = 600; // ten simulated minutes per wall second: the drift shows within two seconds
const START = Date.UTC(2026, 0, 5, 6, 0, 0);

let simulator: PlantSimulator;
let clients: TestClients;
let connection: Connection;

beforeAll(async () => {
  simulator = await startPlantSimulator({ model: demoPlant, port: 0, seed: SEED, speed: SPEED, start: START });
  clients = await testClients();
  connection = await clients.connect(simulator.endpointUrl);
});
afterAll(async () => {
  await clients?.dispose();
  await simulator?.stop();
});

/** The sample index a value belongs to, from its source timestamp: the server stamps the sample's simulated time. */
const sampleIndexOf = (tag: PlantTag, value: DataValue) =>
  ((value.sourceTimestamp?.getTime() ?? Number.NaN) - START) / tag.samplingIntervalMs;

const OPCUA_TYPES: Record<PlantTag['dataType'], DataType> = {
  Double: DataType.Double,
  UInt32: DataType.UInt32,
  Boolean: DataType.Boolean,
  String: DataType.String,
};
/** UN/CEFACT common code → OPC UA unitId (Part 8 §5.6.3). */
const unitId = (code: string) => [...code].reduce((id, c) => id * 256 + c.charCodeAt(0), 0);
const EXPECTED_UNIT_IDS: Record<string, number> = {
  rpm: unitId('RPM'),
  A: unitId('AMP'),
  degC: unitId('CEL'),
  'm/min': unitId('2X'),
  'm3/h': unitId('MQH'),
  g: unitId('GRM'),
  bar: unitId('BAR'),
  kW: unitId('KWT'),
  kWh: unitId('KWH'),
  count: -1,
  'packs/min': -1,
};

describe('plant simulator over OPC UA', () => {
  it('listens on the requested free port and serves the plant namespace as ns=1', async () => {
    expect(simulator.endpointUrl).toBe(`opc.tcp://127.0.0.1:${simulator.port}`);
    expect(simulator.port).toBeGreaterThan(0);
    expect(await connection.session.readNamespaceArray()).toEqual(['http://opcfoundation.org/UA/', 'urn:facilflow:demo-plant']);
    expect(simulator.nodeIds.plant).toEqual(demoPlant.tags.map((t) => t.nodeId));
  });

  it('browses from Objects down to a machine through the ISA-95 levels', async () => {
    const { session } = connection;
    const childrenOf = async (nodeId: string) => {
      const result = await session.browse({ nodeId, browseDirection: BrowseDirection.Forward, resultMask: 63 });
      return result.references ?? [];
    };
    let nodeId = 'i=85'; // Objects
    const levels: string[] = [];
    for (const name of ['AcmeFoods', 'Riverside', 'Baking', 'Line1', 'Oven2']) {
      const child = (await childrenOf(nodeId)).find((r) => r.browseName.name === name);
      expect(child, `${name} under ${nodeId}`).toBeDefined();
      nodeId = child!.nodeId.toString();
      const description = await session.read({ nodeId, attributeId: AttributeIds.Description });
      levels.push(`${name}: ${description.value.value.text} (${child!.typeDefinition.toString()})`);
    }
    expect(levels).toEqual([
      'AcmeFoods: ISA-95 Enterprise (ns=0;i=61)',
      'Riverside: ISA-95 Site (ns=0;i=61)',
      'Baking: ISA-95 Area (ns=0;i=61)',
      'Line1: ISA-95 Line (ns=0;i=61)',
      'Oven2: ISA-95 Machine (ns=0;i=58)',
    ]);
    expect(nodeId).toBe('ns=1;s=AcmeFoods.Riverside.Baking.Line1.Oven2');
    const variables = (await childrenOf(nodeId)).filter((r) => r.nodeClass === NodeClass.Variable).map((r) => r.browseName.name);
    expect(variables).toEqual(['ZoneTemperature1', 'ZoneTemperature2', 'Setpoint', 'BurnerOn', 'ConveyorSpeed', 'GasFlow']);

    // A machine without a line hangs directly off its area.
    const [mixer] = await session.translateBrowsePath([makeBrowsePath('i=85', '/1:AcmeFoods/1:Riverside/1:Mixing/1:Mixer1/1:MotorSpeed')]);
    expect(mixer?.targets?.[0]?.targetId.toString()).toBe('ns=1;s=AcmeFoods.Riverside.Mixing.Mixer1.MotorSpeed');
  });

  it('serves every tag of the file with its DataType, type definition, EngineeringUnits, EURange and value', async () => {
    const { session } = connection;
    for (const tag of demoPlant.tags) {
      const [dataType, value] = await session.read([
        { nodeId: tag.nodeId, attributeId: AttributeIds.DataType },
        { nodeId: tag.nodeId, attributeId: AttributeIds.Value },
      ]);
      expect(dataType?.value.value.toString(), tag.nodeId).toBe(`ns=0;i=${OPCUA_TYPES[tag.dataType]}`);
      expect(value?.statusCode).toBe(StatusCodes.Good);
      expect(value?.value.dataType, tag.nodeId).toBe(OPCUA_TYPES[tag.dataType]);
      // The value is the tag's deterministic signal at the sample its source timestamp names.
      const k = sampleIndexOf(tag, value!);
      expect(Number.isInteger(k), tag.nodeId).toBe(true);
      expect(value?.value.value, tag.nodeId).toBe(createTagSignal(tag, SEED).sample(k));

      const typeDefinition = (
        await session.browse({ nodeId: tag.nodeId, referenceTypeId: 'HasTypeDefinition', browseDirection: BrowseDirection.Forward })
      ).references?.[0]?.nodeId.toString();
      const numeric = tag.dataType === 'Double' || tag.dataType === 'UInt32';
      const bounded = tag.range.min !== null && tag.range.max !== null;
      expect(typeDefinition, tag.nodeId).toBe(!numeric ? 'ns=0;i=63' : bounded ? 'ns=0;i=2368' : 'ns=0;i=15318');

      const [euRange, units] = await readProperties(tag.nodeId, ['EURange', 'EngineeringUnits']);
      if (numeric && bounded) expect(euRange, tag.nodeId).toMatchObject({ low: tag.range.min, high: tag.range.max });
      else expect(euRange, tag.nodeId).toBeUndefined();
      if (tag.unit === null) {
        expect(units, tag.nodeId).toBeUndefined();
      } else {
        const expectedId = EXPECTED_UNIT_IDS[tag.unit];
        expect(units, tag.nodeId).toMatchObject({
          displayName: { text: tag.unit },
          unitId: expectedId,
          namespaceUri: expectedId === -1 ? 'urn:facilflow:demo-plant' : 'http://www.opcfoundation.org/UA/units/un/cefact',
        });
      }
    }
    expect(EXPECTED_UNIT_IDS.degC).toBe(standardUnits.degree_celsius.unitId);
  });

  it('delivers changes to an exception-based subscription, stamped with the simulated sample time', async () => {
    const tag = tagOf(demoPlant, 'Packaging.Line1.Filler.GoodCount');
    const signal = createTagSignal(tag, SEED);
    const changes = await collect(tag.nodeId, (values) => values.length === 5);
    const samples = changes.map((change) => sampleIndexOf(tag, change));
    expect(samples.every(Number.isInteger)).toBe(true);
    expect(samples).toEqual([...samples].sort((a, b) => a - b));
    expect(new Set(samples).size).toBe(samples.length);
    expect(changes.map((change) => change.value.value)).toEqual(samples.map((k) => signal.sample(k)));
    expect(changes.every((change) => change.serverTimestamp instanceof Date)).toBe(true);
  });

  it('shows Oven2 ZoneTemperature1 drifting 0.8 °C/min after ten simulated minutes', async () => {
    const tag = tagOf(demoPlant, 'Baking.Line1.Oven2.ZoneTemperature1');
    const faulty = createTagSignal(tag, SEED);
    const reference = createTagSignal(healthy(tag), SEED);
    const minutesAfterOnset = (change: DataValue) => (sampleIndexOf(tag, change) * tag.samplingIntervalMs) / 60_000 - 10;
    // Watch until the server has published a sample from half an hour in (twenty minutes of drift).
    const changes = await collect(tag.nodeId, (values) => values.some((change) => minutesAfterOnset(change) >= 20));
    for (const change of changes) {
      const k = sampleIndexOf(tag, change);
      const drift = Math.max(0, 0.8 * minutesAfterOnset(change));
      expect(change.value.value).toBe(faulty.sample(k));
      expect(change.value.value - (reference.sample(k) as number)).toBeCloseTo(drift, 9);
    }
    const last = changes.at(-1)!;
    expect(last.value.value).toBeGreaterThan(210 + 0.8 * 20 - 4 * 1.5); // +16 °C of drift stands far out of ±1.5 °C noise
  });

  it('drops off the network and comes back on the same port, with or without its sessions', async () => {
    const url = simulator.endpointUrl;
    const watcher = await clients.connect(url, { maxRetry: 1000 });
    const probe = tagOf(demoPlant, 'Baking.Line1.Oven1.Setpoint').nodeId;

    for (const keepSessions of [true, false]) {
      const sessionBefore = watcher.session.sessionId.toString();
      const lost = once(watcher.client, 'connection_lost');
      await simulator.setConnected(false, { keepSessions });
      await lost;
      await expect(clients.connect(url)).rejects.toThrow();

      const back = once(watcher.client, 'after_reconnection');
      await simulator.setConnected(true);
      await back;
      const fresh = await clients.connect(url);
      expect((await fresh.session.read({ nodeId: probe, attributeId: AttributeIds.Value })).value.value).toBe(210);
      await untilSessionAnswers(watcher, probe);
      // A network blip keeps the session; a PLC restart forces the client to open a new one.
      expect(watcher.session.sessionId.toString() === sessionBefore, `keepSessions=${keepSessions}`).toBe(keepSessions);
    }
    await simulator.setConnected(true); // already connected: nothing to do
  });
});

async function readProperties(nodeId: string, names: string[]): Promise<unknown[]> {
  const { session } = connection;
  const targets = await session.translateBrowsePath(names.map((name) => makeBrowsePath(nodeId, `.${name}`)));
  return Promise.all(
    targets.map(async (target) => {
      const propertyId = target.targets?.[0]?.targetId;
      if (!propertyId) return undefined;
      return (await session.read({ nodeId: propertyId, attributeId: AttributeIds.Value })).value.value;
    })
  );
}

/** The notifications of a fresh subscription to `nodeId`, up to the first that satisfies `enough`. */
async function collect(nodeId: string, enough: (values: DataValue[]) => boolean): Promise<DataValue[]> {
  const subscription = await connection.session.createSubscription2({
    requestedPublishingInterval: 50,
    publishingEnabled: true,
    requestedMaxKeepAliveCount: 20,
    requestedLifetimeCount: 100,
  });
  try {
    const item = await ClientMonitoredItem.create(
      subscription,
      { nodeId, attributeId: AttributeIds.Value },
      { samplingInterval: 0, queueSize: 10, discardOldest: true },
      TimestampsToReturn.Both
    );
    const values: DataValue[] = [];
    await new Promise<void>((resolve) => {
      item.on('changed', (value: DataValue) => {
        values.push(value);
        if (enough(values)) resolve();
      });
    });
    return values;
  } finally {
    await subscription.terminate();
  }
}

/** After a reconnection the client reactivates or recreates its session in the background; wait for it to answer. */
async function untilSessionAnswers({ session }: Connection, nodeId: string): Promise<void> {
  for (;;) {
    const result = await session.read({ nodeId, attributeId: AttributeIds.Value }).catch(() => undefined);
    if (result?.statusCode === StatusCodes.Good) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

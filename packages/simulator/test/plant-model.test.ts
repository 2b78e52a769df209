import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BEHAVIOR_KINDS, DEMO_PLANT_MODEL_PATH, FAULT_KINDS, loadPlantModel, parseEquipmentPath, plantModelSchema, PlantModelError } from '../src/plant-model.ts';
import { demoPlant } from './support/plant.ts';

const validTag = {
  path: 'AcmeFoods.Riverside.Baking.Line1.Oven1',
  name: 'ZoneTemperature1',
  nodeId: 'ns=1;s=AcmeFoods.Riverside.Baking.Line1.Oven1.ZoneTemperature1',
  dataType: 'Double',
  unit: 'degC',
  range: { min: 0, max: 320 },
  samplingIntervalMs: 1000,
  behavior: { kind: 'setpoint', setpoint: 210, noise: 1.5 },
};
const plantWith = (...tags: object[]) => ({
  enterprise: 'AcmeFoods',
  site: 'Riverside',
  timezone: 'Europe/Berlin',
  opcua: { namespaceUri: 'urn:test', defaultPort: 4840 },
  tags,
});
const problems = (input: unknown) => {
  const result = plantModelSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('plant model', () => {
  it('reads the demo plant the package ships', () => {
    expect(relative(fileURLToPath(new URL('..', import.meta.url)), DEMO_PLANT_MODEL_PATH)).toBe(join('plants', 'demo-plant.json'));
    expect(demoPlant.enterprise).toBe('AcmeFoods');
    expect(demoPlant.opcua.namespaceUri).toBe('urn:facilflow:demo-plant');
    expect(demoPlant.tags).toHaveLength(43);
  });

  it('covers exactly the behaviour kinds and faults the file documents', () => {
    const documented = Object.keys(demoPlant.behaviorKinds ?? {}).sort();
    expect(documented).toEqual([...BEHAVIOR_KINDS, ...FAULT_KINDS.map((f) => `fault.${f}`)].sort());
    expect(new Set(demoPlant.tags.map((t) => t.behavior.kind))).toEqual(new Set(BEHAVIOR_KINDS));
    expect(new Set(demoPlant.tags.flatMap((t) => t.behavior.fault?.kind ?? []))).toEqual(new Set(FAULT_KINDS));
  });

  it('accepts a minimal plant and fills default noise', () => {
    const parsed = plantModelSchema.parse(plantWith({ ...validTag, behavior: { kind: 'setpoint', setpoint: 1 } }));
    expect(parsed.tags[0]?.behavior).toEqual({ kind: 'setpoint', setpoint: 1, noise: 0 });
  });

  it.each([
    ['a misspelt behaviour parameter', { behavior: { kind: 'sine', mean: 1, amplitud: 2, periodS: 3 } }, 'tags.0.behavior'],
    ['an unknown behaviour kind', { behavior: { kind: 'chaos' } }, 'tags.0.behavior.kind'],
    ['an unknown fault', { behavior: { kind: 'setpoint', setpoint: 1, fault: { kind: 'melt', afterS: 1 } } }, 'tags.0.behavior.fault.kind'],
    [
      'a counter with both rates',
      { dataType: 'UInt32', behavior: { kind: 'counter', ratePerS: 1, incrementEveryS: 2 } },
      'tags.0.behavior',
    ],
    [
      'states without a dwell per value',
      { dataType: 'String', behavior: { kind: 'states', values: ['A', 'B'], dwellS: [1] } },
      'tags.0.behavior',
    ],
    [
      'a random walk starting outside its bounds',
      { behavior: { kind: 'randomWalk', start: 9, step: 1, min: 0, max: 5 } },
      'tags.0.behavior',
    ],
    ['a duty cycle on a Double tag', { behavior: { kind: 'duty', onS: 1, offS: 1 } }, 'tags.0.behavior'],
    [
      'a drift on a Boolean tag',
      { dataType: 'Boolean', behavior: { kind: 'duty', onS: 1, offS: 1, fault: { kind: 'drift', afterS: 1, ratePerMin: 1 } } },
      'tags.0.behavior',
    ],
    ['a path outside the enterprise and site', { path: 'Other.Riverside.Baking.Oven1' }, 'tags.0.path'],
    ['a path without an area', { path: 'AcmeFoods.Riverside.Oven1' }, 'tags.0.path'],
    ['a numeric NodeId', { nodeId: 'ns=1;i=42' }, 'tags.0.nodeId'],
    ['an unknown data type', { dataType: 'Float' }, 'tags.0.dataType'],
  ])('rejects %s', (_what, override, path) => {
    expect(problems(plantWith({ ...validTag, ...override })).some((p) => p.startsWith(`${path}:`))).toBe(true);
  });

  it('rejects duplicate NodeIds and unknown time zones', () => {
    expect(problems({ ...plantWith(validTag, validTag), timezone: 'Mars/Olympus' })).toEqual([
      'timezone: expected an IANA time zone such as Europe/Berlin',
      `tags.1.nodeId: duplicate nodeId ${validTag.nodeId}`,
    ]);
  });

  it('splits equipment paths with and without a line', () => {
    expect(parseEquipmentPath('AcmeFoods.Riverside.Baking.Line1.Oven2')).toEqual({
      enterprise: 'AcmeFoods',
      site: 'Riverside',
      area: 'Baking',
      line: 'Line1',
      machine: 'Oven2',
    });
    expect(parseEquipmentPath('AcmeFoods.Riverside.Mixing.Mixer1')).toEqual({
      enterprise: 'AcmeFoods',
      site: 'Riverside',
      area: 'Mixing',
      machine: 'Mixer1',
    });
  });

  it('reports an unreadable or invalid file with its path', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ff-plant-'));
    const invalid = join(dir, 'plant.json');
    await writeFile(invalid, JSON.stringify(plantWith({ ...validTag, samplingIntervalMs: 0 })));
    await expect(loadPlantModel(invalid)).rejects.toThrow(/invalid plant model .*plant\.json[\s\S]*samplingIntervalMs/);
    await expect(loadPlantModel(join(dir, 'missing.json'))).rejects.toBeInstanceOf(PlantModelError);
  });
});

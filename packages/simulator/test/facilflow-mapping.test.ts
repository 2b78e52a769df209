import { measurementSchemaDefinitionSchema, opcUaSourceSchema } from '@facilflow/contracts';
import { describe, expect, it } from 'vitest';
import { loadPlantModel, plantMeasurementSchemas, plantSource } from '../src/index.ts';

const model = await loadPlantModel();

describe('the demo plant as FacilFlow sees it', () => {
  it('maps every tag to a field of a registered measurement schema, with its type, unit and range', () => {
    const schemas = plantMeasurementSchemas(model).map((definition) => measurementSchemaDefinitionSchema.parse(definition));
    const source = opcUaSourceSchema.parse(plantSource(model, 'opc.tcp://127.0.0.1:4840'));
    expect(source.tags).toHaveLength(model.tags.length);
    for (const tag of source.tags) {
      const schema = schemas.find((s) => s.measurement === tag.measurement);
      expect(schema?.fields.map((f) => f.name), `${tag.nodeId}`).toContain(tag.field);
      for (const required of schema?.requiredTags ?? []) expect(tag.tags[required], `${tag.nodeId} tag ${required}`).toBeDefined();
    }
    expect(schemas.map((s) => s.measurement).sort()).toEqual(['checkweigher', 'compressor', 'energymeter', 'filler', 'mixer', 'oven']);
    const oven = schemas.find((s) => s.measurement === 'oven');
    expect(oven?.fields.find((f) => f.name === 'ZoneTemperature1')).toEqual({ name: 'ZoneTemperature1', type: 'number', unit: 'degC', min: 0, max: 320 });
    expect(oven?.fields.find((f) => f.name === 'BurnerOn')).toEqual({ name: 'BurnerOn', type: 'boolean' });
    // A count has a floor and no ceiling.
    expect(schemas.find((s) => s.measurement === 'filler')?.fields.find((f) => f.name === 'GoodCount')).toEqual({ name: 'GoodCount', type: 'number', unit: 'count', min: 0 });
  });

  it('names Oven2 by its ISA-95 levels and samples each tag at its own interval, faster with a faster plant clock', () => {
    const source = plantSource(model, 'opc.tcp://127.0.0.1:4840', { speed: 10, id: 'riverside' });
    const zone = source.tags.find((t) => t.nodeId === 'ns=1;s=AcmeFoods.Riverside.Baking.Line1.Oven2.ZoneTemperature1');
    expect(zone).toMatchObject({ measurement: 'oven', field: 'ZoneTemperature1', tags: { site: 'Riverside', area: 'Baking', line: 'Line1', machine: 'Oven2' }, samplingIntervalMs: 100, reportUnchanged: true });
    expect(source.id).toBe('riverside');
  });

  it('refuses a plant whose machines of one class disagree on a unit', () => {
    const [first, ...rest] = model.tags;
    if (!first) throw new Error('empty model');
    const clash = { ...first, path: first.path.replace(/1$/, '9'), nodeId: `${first.nodeId}9`, unit: 'rad/s' };
    expect(() => plantMeasurementSchemas({ ...model, tags: [first, clash, ...rest] })).toThrow(/MotorSpeed is number in rad\/s here and number in rpm/);
  });
});

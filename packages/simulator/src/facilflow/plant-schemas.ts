import type { MeasurementFieldType, MeasurementSchemaDefinition } from '@facilflow/contracts';
import { parseEquipmentPath, type PlantModel, type TagDataType } from '../plant-model.ts';
import { plantFieldOf, plantMeasurementOf } from './plant-source.ts';

const FIELD_TYPES: Record<TagDataType, MeasurementFieldType> = { Double: 'number', UInt32: 'number', Boolean: 'boolean', String: 'string' };

type FieldDefinition = MeasurementSchemaDefinition['fields'][number];

/**
 * The schema registry entries the plant's data needs: a measurement per machine class, a
 * field per tag name with its type, unit and plausible range. Machines of one class must
 * agree on a field's type and unit; their ranges are joined (the widest plausible range).
 */
export function plantMeasurementSchemas(model: PlantModel): MeasurementSchemaDefinition[] {
  const measurements = new Map<string, Map<string, FieldDefinition>>();
  for (const tag of model.tags) {
    const measurement = plantMeasurementOf(parseEquipmentPath(tag.path).machine);
    const fields = measurements.get(measurement) ?? new Map<string, FieldDefinition>();
    measurements.set(measurement, fields);
    const name = plantFieldOf(tag);
    const type = FIELD_TYPES[tag.dataType];
    const field: FieldDefinition = {
      name,
      type,
      ...(tag.unit ? { unit: tag.unit } : {}),
      ...(type === 'number' ? bounds(tag.range.min ?? undefined, tag.range.max ?? undefined) : {}),
    };
    const seen = fields.get(name);
    if (!seen) {
      fields.set(name, field);
      continue;
    }
    if (seen.type !== field.type || seen.unit !== field.unit) {
      throw new Error(`${tag.nodeId}: ${measurement}.${name} is ${field.type} in ${field.unit ?? 'no unit'} here and ${seen.type} in ${seen.unit ?? 'no unit'} on another machine`);
    }
    fields.set(name, {
      name,
      type,
      ...(seen.unit ? { unit: seen.unit } : {}),
      ...bounds(widest(seen.min, field.min, Math.min), widest(seen.max, field.max, Math.max)),
    });
  }
  return [...measurements].map(([measurement, fields]) => ({
    measurement,
    description: `Demo plant: every ${measurement} of ${model.enterprise}`,
    fields: [...fields.values()],
    requiredTags: ['site', 'area', 'machine'],
  }));
}

function bounds(min: number | undefined, max: number | undefined): Pick<FieldDefinition, 'min' | 'max'> {
  return { ...(min === undefined ? {} : { min }), ...(max === undefined ? {} : { max }) };
}

/** A bound holds only if every machine has one. */
function widest(a: number | undefined, b: number | undefined, pick: (x: number, y: number) => number): number | undefined {
  return a === undefined || b === undefined ? undefined : pick(a, b);
}

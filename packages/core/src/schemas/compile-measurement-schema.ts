import type { MeasurementFieldType, MeasurementSchema, PointRejectionCode, TelemetryPoint } from '@facilflow/contracts';

export interface PointProblem {
  code: PointRejectionCode;
  message: string;
}

/** A measurement's schema turned into a check: built once per version, run per point. */
export interface CompiledMeasurementSchema {
  readonly schema: MeasurementSchema;
  /** Why the point (well-formed, of this measurement) is refused; undefined when it passes. Ranges are not checked here. */
  check(point: TelemetryPoint): PointProblem[] | undefined;
}

export function compileMeasurementSchema(schema: MeasurementSchema): CompiledMeasurementSchema {
  const types = new Map<string, MeasurementFieldType>(schema.fields.map((field) => [field.name, field.type]));
  const requiredFields = schema.fields.filter((field) => field.required).map((field) => field.name);
  const requiredTags = schema.requiredTags;
  const name = schema.measurement;
  return {
    schema,
    check(point) {
      // The hot path: no allocation for a point that passes.
      let problems: PointProblem[] | undefined;
      const fields = point.f;
      for (const key in fields) {
        const expected = types.get(key);
        const actual = typeof fields[key];
        if (expected === undefined) (problems ??= []).push({ code: 'unknown_field', message: `field "${key}" is not in the schema of ${name} (version ${schema.version})` });
        else if (actual !== expected) (problems ??= []).push({ code: 'wrong_type', message: `field "${key}" of ${name} must be a ${expected}, got a ${actual}` });
      }
      for (const field of requiredFields) {
        if (!Object.hasOwn(fields, field)) (problems ??= []).push({ code: 'missing_field', message: `required field "${field}" of ${name} is missing` });
      }
      for (const tag of requiredTags) {
        const value = point.tags[tag];
        if (typeof value !== 'string' || value === '') (problems ??= []).push({ code: 'missing_tag', message: `required tag "${tag}" of ${name} is missing` });
      }
      return problems;
    },
  };
}

import type { MeasurementSchemaDefinition } from '@facilflow/contracts';
import { CPU_FIELDS, CPU_MEASUREMENT } from '../lib/tsbs-cpu.ts';

/** Registered before the load, so every point is checked against a compiled schema as in production. */
export const cpuSchema: MeasurementSchemaDefinition = {
  measurement: CPU_MEASUREMENT,
  description: 'TSBS cpu-only: CPU usage per host',
  fields: CPU_FIELDS.map((name) => ({ name, type: 'number' as const, unit: 'percent', min: 0, max: 100 })),
  requiredTags: ['hostname'],
};

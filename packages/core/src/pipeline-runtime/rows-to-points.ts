import { FacilFlowError, type FieldValue, type MeasurementFieldType, type PipelineRow, type TelemetryPoint } from '@facilflow/contracts';

export interface DerivedWrite {
  measurement: string;
  tagColumns: readonly string[];
  fieldColumns: readonly string[];
  rows: readonly PipelineRow[];
}

/**
 * The points a sink writes: one per row with a finite `time` and at least one field value.
 * Nulls are left out (points are sparse). A tag must be text or a number (written as text);
 * a field's type is fixed by its first value, so a later row of another type is refused.
 */
export function rowsToPoints(write: DerivedWrite): { points: TelemetryPoint[]; fieldTypes: Map<string, MeasurementFieldType>; skipped: number } {
  const fieldTypes = new Map<string, MeasurementFieldType>();
  const points: TelemetryPoint[] = [];
  let skipped = 0;
  write.rows.forEach((row, index) => {
    const time = row.time;
    if (typeof time !== 'number' || !Number.isFinite(time) || time < 0) {
      throw new FacilFlowError('INVALID', `row ${index} has no time (epoch ms) to write to ${write.measurement}`);
    }
    const tags: Record<string, string> = {};
    for (const column of write.tagColumns) {
      const value = row[column];
      if (value === null || value === undefined) continue;
      if (typeof value === 'boolean') throw new FacilFlowError('INVALID', `row ${index}: tag "${column}" is a boolean; tags are text`);
      tags[column] = String(value);
    }
    const fields: Record<string, FieldValue> = {};
    for (const column of write.fieldColumns) {
      const value = row[column];
      if (value === null || value === undefined || (typeof value === 'number' && !Number.isFinite(value))) continue;
      const type = typeof value as MeasurementFieldType;
      const known = fieldTypes.get(column);
      if (known && known !== type) throw new FacilFlowError('INVALID', `row ${index}: field "${column}" is ${type}, earlier rows made it ${known}`);
      fieldTypes.set(column, type);
      fields[column] = value;
    }
    if (Object.keys(fields).length === 0) {
      skipped++;
      return;
    }
    points.push({ m: write.measurement, tags, f: fields, t: time });
  });
  return { points, fieldTypes, skipped };
}

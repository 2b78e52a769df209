import { describeField, round, type FieldLabel, type Finding } from './finding.ts';

/** A number outside the schema registry's min..max for the field (±∞ when the registry gives no bound). */
export function checkRange(label: FieldLabel, value: number, min: number, max: number): Finding | null {
  if (value >= min && value <= max) return null;
  return {
    message: `${describeField(label)} = ${round(value)} is outside its range ${min}..${max}`,
    details: { value, min: Number.isFinite(min) ? min : null, max: Number.isFinite(max) ? max : null },
  };
}

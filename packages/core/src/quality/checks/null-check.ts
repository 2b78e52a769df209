import type { FieldValue } from '@facilflow/contracts';
import { describeField, type FieldLabel, type Finding } from './finding.ts';

/**
 * A non-finite number (NaN, ±∞), or a non-number in a field that carries numbers. `numeric` is
 * what the field's first value taught: null before any, false for a field of strings or booleans.
 */
export function checkNull(label: FieldLabel, value: FieldValue, numeric: boolean | null): Finding | null {
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return null;
    return { message: `${describeField(label)} reported ${String(value)}`, details: { value: String(value) } };
  }
  if (numeric !== true) return null;
  return { message: `${describeField(label)} reported a ${typeof value} where it carries numbers`, details: { value } };
}

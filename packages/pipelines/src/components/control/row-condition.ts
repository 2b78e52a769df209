import { pipelineScalarSchema, type PipelineRow, type PipelineScalar } from '@facilflow/contracts';
import { z } from 'zod';

/**
 * A single comparison of one column with a value: what `control.conditional` decides on until
 * the pipeline expression language is available to it.
 */
export const rowConditionSchema = z
  .object({
    column: z.string().min(1).max(128).describe('The column compared, e.g. "ZoneTemperature1"'),
    op: z.enum(['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'not_in', 'is_null', 'not_null']).describe('gt/gte/lt/lte compare numbers with numbers and strings with strings; a null or missing column never compares'),
    value: z.union([pipelineScalarSchema, z.array(pipelineScalarSchema).max(1000)]).optional().describe('A scalar, or a list for in/not_in; not used by is_null/not_null'),
  })
  .superRefine((condition, context) => {
    const list = Array.isArray(condition.value);
    const needsList = condition.op === 'in' || condition.op === 'not_in';
    const needsNone = condition.op === 'is_null' || condition.op === 'not_null';
    if (needsList && !list) context.addIssue({ code: 'custom', path: ['value'], message: `${condition.op} takes a list of values` });
    if (!needsList && !needsNone && (list || condition.value === undefined)) context.addIssue({ code: 'custom', path: ['value'], message: `${condition.op} takes one value` });
  });
export type RowCondition = z.infer<typeof rowConditionSchema>;

export function rowMatches(row: PipelineRow, condition: RowCondition): boolean {
  const actual = row[condition.column] ?? null;
  const { value } = condition;
  switch (condition.op) {
    case 'is_null':
      return actual === null;
    case 'not_null':
      return actual !== null;
    case 'in':
      return Array.isArray(value) && value.includes(actual);
    case 'not_in':
      return Array.isArray(value) && !value.includes(actual);
    case 'eq':
      return actual === value;
    case 'ne':
      return actual !== value;
    default:
      return Array.isArray(value) || value === undefined ? false : ordered(actual, value, condition.op);
  }
}

function ordered(actual: PipelineScalar, expected: PipelineScalar, op: 'gt' | 'gte' | 'lt' | 'lte'): boolean {
  const comparable = (typeof actual === 'number' && typeof expected === 'number') || (typeof actual === 'string' && typeof expected === 'string');
  if (!comparable) return false;
  if (op === 'gt') return actual > expected;
  if (op === 'gte') return actual >= expected;
  if (op === 'lt') return actual < expected;
  return actual <= expected;
}

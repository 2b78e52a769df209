import type { PipelineScalar } from '@facilflow/contracts';
import { z } from 'zod';

export const aggregationFunctions = ['avg', 'min', 'max', 'sum', 'count', 'first', 'last', 'stddev', 'p50', 'p90', 'p95', 'p99'] as const;
export type AggregationFunction = (typeof aggregationFunctions)[number];

export const aggregationFunctionSchema = z
  .enum(aggregationFunctions)
  .describe(
    'avg, min, max, sum; count (non-null values of the field, or rows when no field); first/last (by event time; any scalar); stddev (sample, null under 2 values); p50/p90/p95/p99 (linear between closest ranks)',
  );

/** Functions that read any scalar; the others need numbers. */
export function acceptsAnyScalar(fn: AggregationFunction): boolean {
  return fn === 'first' || fn === 'last' || fn === 'count';
}

/**
 * One aggregate over a window's values, given in event-time order (nulls included: they are
 * skipped, except by a row count). Values are kept rather than folded into running sums so that
 * a window recomputed after a late row, or after a restore, gives bit-for-bit the same result.
 */
export function aggregate(fn: AggregationFunction, values: readonly PipelineScalar[], countRows: boolean): PipelineScalar {
  if (fn === 'count') return countRows ? values.length : values.filter((value) => value !== null).length;
  const present = values.filter((value) => value !== null);
  if (fn === 'first') return present[0] ?? null;
  if (fn === 'last') return present[present.length - 1] ?? null;
  const numbers = present.filter((value): value is number => typeof value === 'number');
  if (numbers.length === 0) return null;
  switch (fn) {
    case 'sum':
      return sum(numbers);
    case 'avg':
      return sum(numbers) / numbers.length;
    case 'min':
      return Math.min(...numbers);
    case 'max':
      return Math.max(...numbers);
    case 'stddev':
      return sampleStddev(numbers);
    case 'p50':
      return percentile(numbers, 0.5);
    case 'p90':
      return percentile(numbers, 0.9);
    case 'p95':
      return percentile(numbers, 0.95);
    case 'p99':
      return percentile(numbers, 0.99);
  }
}

function sum(numbers: readonly number[]): number {
  let total = 0;
  for (const value of numbers) total += value;
  return total;
}

function sampleStddev(numbers: readonly number[]): number | null {
  if (numbers.length < 2) return null;
  const mean = sum(numbers) / numbers.length;
  let squares = 0;
  for (const value of numbers) squares += (value - mean) ** 2;
  return Math.sqrt(squares / (numbers.length - 1));
}

function percentile(numbers: readonly number[], rank: number): number {
  const sorted = [...numbers].sort((a, b) => a - b);
  const position = (sorted.length - 1) * rank;
  const below = Math.floor(position);
  const lower = sorted[below] ?? 0;
  const upper = sorted[Math.min(below + 1, sorted.length - 1)] ?? lower;
  return lower + (upper - lower) * (position - below);
}

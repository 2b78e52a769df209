import { z } from 'zod';

/**
 * State past its bound is an error the executor records (and routes by the stage's error policy),
 * never rows dropped in silence.
 */
export class StateLimitError extends Error {
  override readonly name = 'StateLimitError';
  constructor(what: 'keys' | 'buffered rows', limit: number) {
    super(`stream state is over its bound of ${limit} ${what}; raise the stage's ${what === 'keys' ? 'maxKeys' : 'maxBufferedRows'} or narrow its input`);
  }
}

export const stateLimitsShape = {
  maxKeys: z.number().int().min(1).max(1_000_000).default(10_000).describe('Most distinct keys held in state at once; past it the stage fails instead of dropping state'),
  maxBufferedRows: z
    .number()
    .int()
    .min(1)
    .max(10_000_000)
    .default(200_000)
    .describe('Most rows (or values) held in state across all keys; past it the stage fails instead of dropping rows'),
};

export function checkKeyCount(count: number, limit: number): void {
  if (count > limit) throw new StateLimitError('keys', limit);
}

export function checkBufferedRows(count: number, limit: number): void {
  if (count > limit) throw new StateLimitError('buffered rows', limit);
}

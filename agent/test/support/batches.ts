import type { BatchRecord } from '../../src/buffer/record-format.ts';

/**
 * Batch contents that say which batch they are: `count` points whose field `n` is `id`, so a
 * reader can check each record against its sequence number without keeping what was written.
 */
export function batchPoints(id: number, count: number): string {
  const point = `{"m":"bench","tags":{"batch":"${id}"},"f":{"n":${id}},"t":${1_700_000_000_000 + id}}`;
  return `[${Array.from({ length: count }, () => point).join(',')}]`;
}

export function pointsOf(record: BatchRecord): Array<{ m: string; tags: Record<string, string>; f: Record<string, number>; t: number }> {
  return JSON.parse(record.points.toString('utf8')) as ReturnType<typeof pointsOf>;
}

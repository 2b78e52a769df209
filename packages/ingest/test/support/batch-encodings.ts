import { compactSeriesPoints, toCompactSeries, type TelemetryPoint } from '@facilflow/contracts';
import { Packr } from 'msgpackr';
import type { TestPoint } from './agents.ts';

// Plain maps, as the agent packs them: msgpackr's records are an extension ingest refuses.
const packr = new Packr({ useRecords: false });

export type BatchEncoding = 'v1-json' | 'v2-json' | 'v2-msgpack';
export const BATCH_ENCODINGS: readonly BatchEncoding[] = ['v1-json', 'v2-json', 'v2-msgpack'];

/** The subtopic each encoding is published on (null: the telemetry topic itself). */
export function subtopicOf(encoding: BatchEncoding): string | undefined {
  return encoding === 'v2-msgpack' ? 'msgpack' : undefined;
}

/**
 * `points` as one batch in `encoding`. The v2 ones group the points by series, so their
 * flattened order is `flattenedOrder(points)`, not `points`' own.
 */
export function encodeBatch(encoding: BatchEncoding, envelope: { agentId: string; seq: number; sentAt: number }, points: readonly TestPoint[]): Buffer {
  if (encoding === 'v1-json') return Buffer.from(JSON.stringify({ v: 1, ...envelope, points }));
  const batch = { v: 2, ...envelope, series: toCompactSeries(points as TelemetryPoint[]) };
  return encoding === 'v2-json' ? Buffer.from(JSON.stringify(batch)) : packr.pack(batch);
}

/** The points in the flattened order of their compact batch: grouped by series, each series in its points' order. */
export function flattenedOrder(points: readonly TestPoint[]): TelemetryPoint[] {
  return compactSeriesPoints(toCompactSeries(points as TelemetryPoint[]));
}

import { compactSeriesPoints, compactTelemetryBatchSchema, telemetryBatchSchema, type TelemetryPoint } from '@facilflow/contracts';

/** A telemetry batch as the points it carries, whatever version it was published in. */
export interface PointBatch {
  v: 1 | 2;
  agentId: string;
  seq: number;
  sentAt: number;
  points: TelemetryPoint[];
}

/** Validates a batch against its version's contract schema and gives its points in flattened order; throws when it is not valid. */
export function pointBatchOf(body: unknown): PointBatch {
  if ((body as { v?: unknown } | null)?.v === 2) {
    const batch = compactTelemetryBatchSchema.parse(body);
    return { v: 2, agentId: batch.agentId, seq: batch.seq, sentAt: batch.sentAt, points: compactSeriesPoints(batch.series) };
  }
  return telemetryBatchSchema.parse(body);
}

import type { TelemetryPoint } from '@facilflow/contracts';
import type { CompiledMeasurementSchema, PointProblem } from './compile-measurement-schema.ts';
import type { DecodedTelemetry, PointRejection, TelemetryDecoding, UnreadableTelemetry } from './decode-telemetry-message.ts';

/** What to do with a point whose measurement has no schema. */
export type UnknownMeasurementPolicy = 'reject' | 'accept';

/**
 * A decoded message's shape once checked: `points` (with their `positions`) are the ones that
 * pass and are ready to write; `rejections` holds the malformed and the refused, in message order.
 */
export type DecodedTelemetryCheck = DecodedTelemetry;

const NO_SCHEMA = (measurement: string): PointProblem[] => [{ code: 'unknown_measurement', message: `measurement "${measurement}" has no schema: register it with schemas.create` }];

/**
 * The tenant's half of a message's check: each well-formed point of a decoded message against
 * the latest schema of its measurement. An unreadable message stays refused as a whole.
 */
export function checkDecodedTelemetry(
  decoded: TelemetryDecoding,
  schemaFor: (measurement: string) => CompiledMeasurementSchema | undefined,
  unknownMeasurements: UnknownMeasurementPolicy = 'reject',
): UnreadableTelemetry | DecodedTelemetryCheck {
  if (!decoded.ok) return decoded;
  const points: TelemetryPoint[] = [];
  const positions: number[] = [];
  const refused: PointRejection[] = [];
  for (let i = 0; i < decoded.points.length; i++) {
    const point = decoded.points[i]!;
    const compiled = schemaFor(point.m);
    const problems = compiled ? compiled.check(point) : unknownMeasurements === 'reject' ? NO_SCHEMA(point.m) : undefined;
    if (problems) refused.push({ at: decoded.positions[i]!, problems });
    else {
      points.push(point);
      positions.push(decoded.positions[i]!);
    }
  }
  return { ok: true, seq: decoded.seq, pointCount: decoded.pointCount, points, positions, rejections: mergeByPosition(decoded.rejections, refused) };
}

/** Both lists are in message order; so is their merge (a position is in one list at most). */
function mergeByPosition(malformed: PointRejection[], refused: PointRejection[]): PointRejection[] {
  if (refused.length === 0) return malformed;
  if (malformed.length === 0) return refused;
  const merged: PointRejection[] = [];
  let a = 0;
  let b = 0;
  while (a < malformed.length && b < refused.length) merged.push(malformed[a]!.at < refused[b]!.at ? malformed[a++]! : refused[b++]!);
  while (a < malformed.length) merged.push(malformed[a++]!);
  while (b < refused.length) merged.push(refused[b++]!);
  return merged;
}

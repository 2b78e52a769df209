import type { TelemetryCodec } from '@facilflow/contracts';
import type { TimestampPrecision } from '@facilflow/timeseries/line-protocol';
import { checkDecodedTelemetry, type DecodedTelemetryCheck, type UnknownMeasurementPolicy } from './check-decoded-telemetry.ts';
import type { CompiledMeasurementSchema } from './compile-measurement-schema.ts';
import { decodeTelemetryMessage, type UnreadableTelemetry } from './decode-telemetry-message.ts';

export type { UnknownMeasurementPolicy } from './check-decoded-telemetry.ts';
export type { PointRejection } from './decode-telemetry-message.ts';

export interface TelemetryMessageInput {
  codec: TelemetryCodec;
  payload: Buffer;
  /** The agent the topic names: a batch (JSON or MessagePack) must name the same one. */
  agentId: string;
  /** The compiled latest schema of a measurement, or undefined when it has none. */
  schemaFor(measurement: string): CompiledMeasurementSchema | undefined;
  unknownMeasurements?: UnknownMeasurementPolicy;
  /** Line protocol: timestamp precision (default ns, Telegraf's) and the time of lines without one. */
  lineProtocol?: { precision?: TimestampPrecision; now: number };
  /** Only these positions (batch point indexes, line protocol line numbers): a replay takes what was refused. */
  only?: ReadonlySet<number>;
}

export type TelemetryMessageCheck = UnreadableTelemetry | DecodedTelemetryCheck;

/**
 * Decodes one telemetry message and checks every point against the contract and the
 * tenant's schemas. A message that cannot be read at all is refused as a whole (`ok: false`);
 * otherwise each point passes or is refused with its reasons, and the rest go on. The two
 * halves (`decodeTelemetryMessage`, `checkDecodedTelemetry`) also run apart: ingest may
 * decode on a worker thread.
 */
export function checkTelemetryMessage(input: TelemetryMessageInput): TelemetryMessageCheck {
  const decoded = decodeTelemetryMessage(input.codec, input.payload, {
    agentId: input.agentId,
    ...(input.lineProtocol ? { lineProtocol: input.lineProtocol } : {}),
    ...(input.only ? { only: input.only } : {}),
  });
  return checkDecodedTelemetry(decoded, (measurement) => input.schemaFor(measurement), input.unknownMeasurements);
}

// `@facilflow/core/telemetry-decode`: the decode half of a telemetry message's check alone,
// for a worker thread to load without the database, the stores or the rest of core.
export {
  decodeTelemetryMessage,
  type DecodedTelemetry,
  type DecodeTelemetryOptions,
  type PointRejection,
  type TelemetryDecoding,
  type UnreadableTelemetry,
} from './schemas/decode-telemetry-message.ts';

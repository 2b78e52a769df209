// A decode pool's worker thread: loads the decode half of the telemetry check and nothing else.
import { decodeTelemetryMessage, type TelemetryDecoding } from '@facilflow/core/telemetry-decode';
import type { DecodeTask } from './decode-task.ts';

export default function decode(task: DecodeTask): TelemetryDecoding {
  const payload = Buffer.from(task.payload.buffer, task.payload.byteOffset, task.payload.byteLength);
  return decodeTelemetryMessage(task.codec, payload, task.options);
}

import type { TelemetryCodec } from '@facilflow/contracts';
import type { DecodeTelemetryOptions } from '@facilflow/core/telemetry-decode';

/** What a decode worker thread is handed: the payload's bytes in an ArrayBuffer of their own, moved rather than copied. */
export interface DecodeTask {
  codec: TelemetryCodec;
  payload: Uint8Array;
  options: DecodeTelemetryOptions;
}

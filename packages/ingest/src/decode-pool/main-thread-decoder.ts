import { decodeTelemetryMessage } from '@facilflow/core/telemetry-decode';
import type { MessageDecoder } from './message-decoder.ts';

const NO_TURN = () => undefined;

/**
 * Decodes on the ingest thread as the message arrives: messages leave in the order they came
 * in without a queue of turns.
 */
export function mainThreadDecoder(): MessageDecoder {
  return {
    threads: 0,
    decode: (_orderKey, codec, payload, options) => Promise.resolve({ decoded: decodeTelemetryMessage(codec, payload, options), release: NO_TURN }),
    close: () => Promise.resolve(),
  };
}

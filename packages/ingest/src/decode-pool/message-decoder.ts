import type { TelemetryCodec } from '@facilflow/contracts';
import type { DecodeTelemetryOptions, TelemetryDecoding } from '@facilflow/core/telemetry-decode';

/** A message decoded and its turn come: `release` lets the next message of the same agent on. */
export interface DecodedInTurn {
  decoded: TelemetryDecoding;
  /** Called once this message's write is issued (or it will write nothing); calling it again does nothing. */
  release(): void;
}

/**
 * Where ingest decodes a message: on its own thread, or on a pool of worker threads. Either
 * way each agent's messages come out in arrival order, however long each one's decode took,
 * so a batch's write never overtakes an earlier batch of the same agent.
 */
export interface MessageDecoder {
  /** Worker threads decoding; 0 on the ingest thread. */
  readonly threads: number;
  /** Rejects (UNAVAILABLE, so the broker delivers the message again) when the pool's queue is full or its worker died. */
  decode(orderKey: string, codec: TelemetryCodec, payload: Buffer, options: DecodeTelemetryOptions): Promise<DecodedInTurn>;
  /** Once what was handed over is decoded: stops the threads. */
  close(): Promise<void>;
}

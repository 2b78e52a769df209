import { FacilFlowError } from '@facilflow/contracts';
import type { TelemetryDecoding } from '@facilflow/core/telemetry-decode';
import { Piscina } from 'piscina';
import { ArrivalOrder } from './arrival-order.ts';
import type { DecodeTask } from './decode-task.ts';
import type { MessageDecoder } from './message-decoder.ts';

export interface DecodePoolOptions {
  threads: number;
  /** Messages handed over and not yet decoded, past which a new one is refused (UNAVAILABLE). Default 64 per thread. */
  queueLimit?: number;
}

// From the sources (tests, development) the worker runs the TypeScript file the way the
// repository's other child processes do; from the build, the JavaScript beside this file.
const FROM_SOURCE = import.meta.url.endsWith('.ts');
const WORKER_FILE = new URL(FROM_SOURCE ? './decode-worker.ts' : './decode-worker.js', import.meta.url).href;
const SOURCE_EXEC_ARGV = ['--conditions=facilflow-source', '--import', 'tsx'];

/**
 * Decodes on `threads` worker threads (piscina), several messages at once, while each
 * agent's messages still come out in arrival order. The queue is bounded: past
 * `queueLimit` a message is refused UNAVAILABLE, not acknowledged, and the broker delivers it
 * again. A worker that dies fails the messages it held the same way (the pool starts another),
 * so no message is acknowledged without having been decoded and stored.
 */
export function createDecodePool(options: DecodePoolOptions): MessageDecoder & { readonly pool: Piscina } {
  const queueLimit = options.queueLimit ?? options.threads * 64;
  const pool = new Piscina({
    filename: WORKER_FILE,
    minThreads: options.threads,
    maxThreads: options.threads,
    idleTimeout: Number.POSITIVE_INFINITY,
    ...(FROM_SOURCE ? { execArgv: SOURCE_EXEC_ARGV } : {}),
  });
  const order = new ArrivalOrder();
  let pending = 0;

  return {
    threads: options.threads,
    pool,

    async decode(orderKey, codec, payload, decodeOptions) {
      if (pending >= queueLimit) throw new FacilFlowError('UNAVAILABLE', `ingest's decode queue holds ${pending} messages, its limit: the message is not acknowledged and will come again`);
      pending++;
      // The payload stays with the caller (a dead letter keeps it), and a Buffer is often a
      // view of a larger receive buffer: its bytes are copied once into a buffer of their own,
      // which is moved to the worker instead of cloned with everything around it.
      const bytes = new Uint8Array(payload.byteLength);
      bytes.set(payload);
      const task: DecodeTask = { codec, payload: bytes, options: decodeOptions };
      const turn = order.take(orderKey);
      const decoding = (pool.run(task, { transferList: [bytes.buffer] }) as Promise<TelemetryDecoding>).finally(() => pending--);
      try {
        const [, decoded] = await Promise.all([turn.ready, decoding]);
        return { decoded, release: turn.release };
      } catch (error) {
        turn.release();
        throw new FacilFlowError('UNAVAILABLE', `the message could not be decoded off the ingest thread (${error instanceof Error ? error.message : String(error)}): it is not acknowledged and will come again`);
      }
    },

    async close() {
      await pool.close();
    },
  };
}

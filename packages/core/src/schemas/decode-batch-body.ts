import { isJsonLimitError, parseBoundedJson, toStorableText, type DeadLetterCode } from '@facilflow/contracts';
import { unpackBoundedMsgpack } from './bounded-msgpack.ts';

export type DecodedBody = { ok: true; body: unknown } | { ok: false; code: Extract<DeadLetterCode, 'oversize' | 'malformed_json' | 'malformed_msgpack'>; reason: string };

/**
 * The value a batch message holds, JSON or MessagePack, decoded within the JSON limits: a
 * payload within the byte limit can still nest deep enough to exhaust a parser, or hold a
 * million values. Over a limit is `oversize`; bytes that do not decode are `malformed_*`.
 */
export function decodeBatchBody(codec: 'json' | 'msgpack', payload: Buffer): DecodedBody {
  try {
    return { ok: true, body: codec === 'json' ? parseBoundedJson(payload.toString('utf8')) : unpackBoundedMsgpack(payload) };
  } catch (error) {
    if (isJsonLimitError(error)) return { ok: false, code: 'oversize', reason: `the batch is over a JSON limit: ${error.message}` };
    const message = error instanceof Error ? error.message : String(error);
    if (codec === 'json') return { ok: false, code: 'malformed_json', reason: toStorableText(`malformed JSON: ${message}`) };
    return { ok: false, code: 'malformed_msgpack', reason: toStorableText(`malformed MessagePack: ${message}`) };
  }
}

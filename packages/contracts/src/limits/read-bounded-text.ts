import { BodyTooLargeError } from './body-too-large-error.ts';

export interface ReadBoundedTextOptions {
  maxBytes: number;
  /** The Content-Length header as sent, so an oversize body is refused before a byte is read. */
  declaredLength?: string | undefined;
}

/**
 * A body read as UTF-8 text, throwing BodyTooLargeError as soon as it is over `maxBytes`
 * (declared or counted), so no more than the limit is ever held.
 *
 * On refusal the source is left as it is, not closed: closing a Node request destroys its
 * socket, and the caller still has a 413 to send on it.
 */
export async function readBoundedText(source: AsyncIterable<Uint8Array>, options: ReadBoundedTextOptions): Promise<string> {
  const { maxBytes } = options;
  if (options.declaredLength !== undefined) {
    const declared = Number(options.declaredLength);
    if (Number.isFinite(declared) && declared > maxBytes) throw new BodyTooLargeError(maxBytes, declared);
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  const iterator = source[Symbol.asyncIterator]();
  for (;;) {
    const next = await iterator.next();
    if (next.done === true) break;
    total += next.value.byteLength;
    if (total > maxBytes) throw new BodyTooLargeError(maxBytes);
    chunks.push(next.value);
  }
  const joined = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    joined.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder('utf-8').decode(joined);
}

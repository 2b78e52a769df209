import { BODY_LIMITS, inputRefusal, parseBoundedJson, readBoundedText, type InputRefusal } from '@facilflow/contracts';
import type { Request } from 'express';

/**
 * A REST call's input within the limits: a GET's `?input=` (length-capped), a POST's body
 * (byte-capped), each parsed by the bounded JSON parser and required to be an object;
 * absent is `{}`. Returns the refusal (413 or 400) instead when it is not acceptable.
 */
export async function readRestInput(req: Request): Promise<{ input: Record<string, unknown> } | { refusal: InputRefusal }> {
  let text: string;
  if (req.method === 'GET') {
    text = new URL(req.originalUrl, 'http://query.invalid').searchParams.get('input') ?? '';
    if (text.length > BODY_LIMITS.apiQueryInputChars) {
      const message = `The query input is ${text.length} characters, over the ${BODY_LIMITS.apiQueryInputChars}-character limit (limit apiQueryInputChars=${BODY_LIMITS.apiQueryInputChars})`;
      return { refusal: { status: 413, limit: 'apiQueryInputChars', message } };
    }
  } else {
    try {
      text = await readBoundedText(req, { maxBytes: BODY_LIMITS.apiBytes, declaredLength: req.headers['content-length'] });
    } catch (error) {
      return { refusal: inputRefusal(error) ?? { status: 400, limit: 'body', message: 'The body could not be read' } };
    }
  }
  if (text.trim() === '') return { input: {} };
  let value: unknown;
  try {
    value = parseBoundedJson(text);
  } catch (error) {
    const refusal = inputRefusal(error);
    if (!refusal) throw error;
    return { refusal };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { refusal: { status: 400, limit: 'json', message: 'The input must be a JSON object' } };
  }
  return { input: value as Record<string, unknown> };
}

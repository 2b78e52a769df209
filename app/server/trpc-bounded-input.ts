import type { IncomingMessage } from 'node:http';
import { BODY_LIMITS, FacilFlowError, inputRefusal, parseBoundedJson, readBoundedText, type InputRefusal } from '@facilflow/contracts';
import { TRPCError } from '@trpc/server';
import type { Request, Response } from 'express';

/**
 * Reads a tRPC call's input within the limits before tRPC (or authentication) sees it: the
 * POST body with a byte cap, the GET `?input=` with a length cap, both checked by the
 * bounded JSON parser. The checked body is handed to tRPC as `req.body` text, so tRPC never
 * reads the stream itself. Returns the refusal as the TRPCError the call should fail with,
 * or null to go on.
 */
export async function boundTrpcInput(req: Request, res: Response): Promise<TRPCError | null> {
  if (req.method === 'GET' || req.method === 'HEAD') return boundQueryInput(req);
  let text: string;
  try {
    text = await readBoundedText(req, { maxBytes: BODY_LIMITS.trpcBytes, declaredLength: req.headers['content-length'] });
  } catch (error) {
    // tRPC must not read what is left of an oversize body; the connection closes after the answer instead.
    req.body = '';
    res.setHeader('Connection', 'close');
    return toTrpcError(inputRefusal(error) ?? { status: 400, limit: 'body', message: 'The body could not be read' });
  }
  req.body = text;
  return text === '' ? null : checkJson(text);
}

function boundQueryInput(req: IncomingMessage): TRPCError | null {
  const input = new URL(req.url ?? '/', 'http://query.invalid').searchParams.get('input');
  if (input === null || input === '') return null;
  if (input.length > BODY_LIMITS.trpcQueryInputChars) {
    return toTrpcError({
      status: 413,
      limit: 'trpcQueryInputChars',
      message: `The query input is ${input.length} characters, over the ${BODY_LIMITS.trpcQueryInputChars}-character limit (limit trpcQueryInputChars=${BODY_LIMITS.trpcQueryInputChars})`,
    });
  }
  return checkJson(input);
}

function checkJson(text: string): TRPCError | null {
  try {
    parseBoundedJson(text);
    return null;
  } catch (error) {
    const refusal = inputRefusal(error);
    if (!refusal) throw error;
    return toTrpcError(refusal);
  }
}

/** In the shape of every other tRPC refusal: the errorFormatter reads ffCode and details from a FacilFlowError cause. */
function toTrpcError(refusal: InputRefusal): TRPCError {
  const cause = new FacilFlowError('INVALID', refusal.message, { limit: refusal.limit });
  if (refusal.status === 413) return new TRPCError({ code: 'PAYLOAD_TOO_LARGE', message: refusal.message, cause });
  return new TRPCError({ code: refusal.limit === 'json' ? 'PARSE_ERROR' : 'BAD_REQUEST', message: refusal.message, cause });
}

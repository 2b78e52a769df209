import { BODY_LIMITS, FacilFlowError, inputRefusal, isFacilFlowError, parseBoundedJson, readBoundedText, type JarvisStreamEvent } from '@facilflow/contracts';
import { NOT_CONFIGURED_MESSAGE, type Jarvis } from '@facilflow/jarvis';
import { formatErrorForLog, type Runtime } from '@facilflow/operations';
import express, { type Request, type Response, type Router } from 'express';
import { answerError } from './answer-error.ts';
import { readSessionCookie } from './session-cookie.ts';

/** The bearer of the Authorization header (API key or ID token), else the web app's session cookie's ID token. */
function credentialOf(req: Request): string | undefined {
  const header = req.headers.authorization;
  if (header) return /^Bearer\s+(.+)$/i.exec(header)?.[1];
  return readSessionCookie(req.headers.cookie);
}

/**
 * `POST /api/jarvis/conversations/:id/messages` with `{ text, page? }`: the person (session
 * cookie or bearer, like tRPC) talks to Jarvis in their conversation, and the answer streams
 * as server-sent events (text, tool_call, tool_result, proposal, budget_warning, receipt, done). A refusal
 * before the answer starts (not configured, not signed in, not their conversation, bad
 * input) is a JSON error with its status; one after it is an `error` event.
 */
export function createJarvisRouter(runtime: Runtime, jarvis: Jarvis): Router {
  const router = express.Router();
  router.post('/conversations/:id/messages', (req, res) => {
    void answer(runtime, jarvis, req, res);
  });
  return router;
}

async function answer(runtime: Runtime, jarvis: Jarvis, req: Request, res: Response): Promise<void> {
  let input: unknown;
  try {
    input = parseBoundedJson(await readBoundedText(req, { maxBytes: BODY_LIMITS.restBytes, declaredLength: req.headers['content-length'] }));
  } catch (error) {
    const refusal = inputRefusal(error) ?? { status: 400, limit: 'body', message: 'The body could not be read' };
    if (refusal.status === 413) res.set('Connection', 'close');
    res.status(refusal.status).json({ code: 'INVALID', message: refusal.message, limit: refusal.limit });
    return;
  }
  const aborted = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) aborted.abort();
  });
  let streaming = false;
  // Jarvis puts its own refusals on the stream (an exhausted budget); they are not sent twice.
  let errorSent = false;
  const emit = (event: JarvisStreamEvent) => {
    if (event.type === 'error') errorSent = true;
    if (!streaming) {
      streaming = true;
      res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', 'x-accel-buffering': 'no' });
    }
    res.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
  };
  try {
    if (!jarvis.configured) throw new FacilFlowError('UNAVAILABLE', NOT_CONFIGURED_MESSAGE);
    const principal = await runtime.authenticate(credentialOf(req));
    await jarvis.send(principal, String(req.params.id), input, emit, aborted.signal);
  } catch (e) {
    const error = isFacilFlowError(e) ? e : new FacilFlowError('INTERNAL', 'Jarvis failed to answer');
    if (!isFacilFlowError(e)) console.error(`[jarvis] ${req.originalUrl} failed: ${formatErrorForLog(e)}`);
    if (!streaming) return answerError(res, error);
    if (!errorSent) emit({ type: 'error', code: error.code, message: error.message });
  }
  res.end();
}

import { BODY_LIMITS, FacilFlowError, inputRefusal, isFacilFlowError, parseBoundedJson, readBoundedText, type JarvisStreamEvent } from '@facilflow/contracts';
import { NOT_CONFIGURED_MESSAGE } from '@facilflow/jarvis';
import { formatErrorForLog, type Runtime } from '@facilflow/operations';
import express, { type Request, type Response, type Router } from 'express';
import { answerError } from './answer-error.ts';
import { turnEndEvent, type JarvisTurns, type TurnEnd } from './jarvis-turns.ts';
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
 * input, a turn already running in it) is a JSON error with its status; one after it is an
 * `error` event. The turn itself is jarvis-turns.ts, shared with the `/jarvis` namespace.
 */
export function createJarvisRouter(runtime: Runtime, turns: JarvisTurns): Router {
  const router = express.Router();
  router.post('/conversations/:id/messages', (req, res) => {
    void answer(runtime, turns, req, res);
  });
  return router;
}

async function answer(runtime: Runtime, turns: JarvisTurns, req: Request, res: Response): Promise<void> {
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
  const emit = (event: JarvisStreamEvent) => {
    if (!streaming) {
      streaming = true;
      res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', 'x-accel-buffering': 'no' });
    }
    res.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
  };
  let end: TurnEnd;
  try {
    if (!turns.configured) throw new FacilFlowError('UNAVAILABLE', NOT_CONFIGURED_MESSAGE);
    const principal = await runtime.authenticate(credentialOf(req));
    const turn = await turns.prepare(principal, { conversationId: String(req.params.id), input }, aborted.signal);
    end = await turn.run(emit);
  } catch (e) {
    const error = isFacilFlowError(e) ? e : new FacilFlowError('INTERNAL', 'Jarvis failed to answer');
    if (!isFacilFlowError(e)) console.error(`[jarvis] ${req.originalUrl} failed: ${formatErrorForLog(e)}`);
    end = { outcome: 'failed', error, reported: false };
  }
  // A failure before the first event (the model unreachable at once) is still answered as JSON with its status.
  if (end.outcome === 'failed' && !streaming) return answerError(res, end.error);
  const last = turnEndEvent(end);
  if (last) emit(last);
  res.end();
}

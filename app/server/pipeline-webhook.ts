import { BODY_LIMITS, inputRefusal, isFacilFlowError, parseBoundedJson, pipelineWebhookCredential, readBoundedText } from '@facilflow/contracts';
import { formatErrorForLog, type Runtime } from '@facilflow/operations';
import express, { type Request, type Response, type Router } from 'express';
import { answerError } from './answer-error.ts';

/** The operation behind the endpoint; the pipeline's webhook secret, as bearer, is the caller's only credential. */
export const WEBHOOK_OPERATION = 'pipelines.receiveWebhook';

/** Where the intake is mounted (ingest role): `POST /api/hooks/{tenantId}/pipelines/{pipelineId}`. */
export const WEBHOOK_PATH = '/api/hooks';

/**
 * A pipeline's webhook intake: the body read within BODY_LIMITS.webhookBytes and the JSON
 * limits, then one call of the registry, which checks the secret against the pipeline the
 * URL names inside that tenant's session, bounds refused attempts per address and per
 * pipeline, starts the run and audits it (front `webhook`). An unknown pipeline, another
 * tenant's, and a wrong secret get the same 401, so the answer tells nothing of what exists.
 */
export function createPipelineWebhookRouter(runtime: Runtime): Router {
  const router = express.Router();
  router.post('/:tenantId/pipelines/:pipelineId', (req, res) => {
    void receive(runtime, req, res);
  });
  return router;
}

function bearer(header: string | undefined): string {
  const m = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return m?.[1] ?? '';
}

async function readPayload(req: Request, res: Response): Promise<{ payload: unknown } | null> {
  try {
    const text = await readBoundedText(req, { maxBytes: BODY_LIMITS.webhookBytes, declaredLength: req.headers['content-length'] });
    return { payload: text.trim() === '' ? [] : parseBoundedJson(text) };
  } catch (error) {
    const refusal = inputRefusal(error) ?? { status: 400, limit: 'body', message: 'The body could not be read' };
    // What is left of an oversize body is not read: the connection closes after the answer.
    if (refusal.status === 413) res.set('Connection', 'close');
    res.status(refusal.status).json({ code: 'INVALID', message: refusal.message, limit: refusal.limit });
    return null;
  }
}

async function receive(runtime: Runtime, req: Request, res: Response): Promise<void> {
  const body = await readPayload(req, res);
  if (!body) return;
  const aborted = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) aborted.abort();
  });
  const address = { tenantId: String(req.params.tenantId), pipelineId: String(req.params.pipelineId) };
  const input = { credential: pipelineWebhookCredential(address, bearer(req.headers.authorization)), payload: body.payload };
  try {
    const source = req.socket.remoteAddress ?? 'unknown';
    res.status(202).json(await runtime.invokeWithCredential({ via: 'webhook', name: WEBHOOK_OPERATION, input, source, signal: aborted.signal }));
  } catch (error) {
    if (!isFacilFlowError(error)) {
      // The runtime answers every failure as a FacilFlowError; anything else is this adapter's bug.
      console.error(`[webhook] failed: ${formatErrorForLog(error)}`);
      res.status(500).json({ code: 'INTERNAL', message: 'The webhook could not be received' });
      return;
    }
    answerError(res, error, { bearerRealm: true });
  }
}

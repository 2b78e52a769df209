import { BODY_LIMITS, inputRefusal, isFacilFlowError, parseBoundedJson, readBoundedText } from '@facilflow/contracts';
import { formatErrorForLog, type Runtime } from '@facilflow/operations';
import express, { type Request, type Response, type Router } from 'express';
import { answerError } from './answer-error.ts';

/** The operation behind the endpoint; the agent's token, in its body, is its only credential. */
export const ENROLLMENT_OPERATION = 'agents.redeemEnrollment';

/**
 * Where an agent trades its one-time token for MQTT credentials (`POST /api/agents/enroll`):
 * the body read within its limit, then one call of the registry, which checks the token,
 * bounds the attempts per address and per token, runs the redemption in the token's tenant
 * and audits it, like every other call.
 */
export function createAgentEnrollmentRouter(runtime: Runtime): Router {
  const router = express.Router();
  router.post('/', (req, res) => {
    void enroll(runtime, req, res);
  });
  return router;
}

async function enroll(runtime: Runtime, req: Request, res: Response): Promise<void> {
  let input: unknown;
  try {
    input = parseBoundedJson(await readBoundedText(req, { maxBytes: BODY_LIMITS.enrollmentBytes, declaredLength: req.headers['content-length'] }));
  } catch (error) {
    const refusal = inputRefusal(error) ?? { status: 400, limit: 'body', message: 'The body could not be read' };
    // What is left of an oversize body is not read: the connection closes after the answer.
    if (refusal.status === 413) res.set('Connection', 'close');
    res.status(refusal.status).json({ code: 'INVALID', message: refusal.message, limit: refusal.limit });
    return;
  }
  const aborted = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) aborted.abort();
  });
  try {
    const source = req.socket.remoteAddress ?? 'unknown';
    res.json(await runtime.invokeWithCredential({ via: 'agent', name: ENROLLMENT_OPERATION, input, source, signal: aborted.signal }));
  } catch (error) {
    if (!isFacilFlowError(error)) {
      // The runtime answers every failure as a FacilFlowError; anything else is this adapter's bug.
      console.error(`[enrol] failed: ${formatErrorForLog(error)}`);
      res.status(500).json({ code: 'INTERNAL', message: 'Enrolment failed' });
      return;
    }
    answerError(res, error);
  }
}

import { BODY_LIMITS, enrollRequestSchema, inputRefusal, isFacilFlowError, parseBoundedJson, readBoundedText } from '@facilflow/contracts';
// The one front file still calling core around the registry: enrolment is to become an operation of
// its own kind (the token in its input is the credential), see the deployable-product issue's note.
// eslint-disable-next-line no-restricted-imports -- until enrolment runs through the registry
import { redeemEnrollment, type Services } from '@facilflow/core';
import express, { type Request, type Response, type Router } from 'express';

/**
 * Where an agent trades its one-time token for MQTT credentials. It is a protocol endpoint
 * for machines, like the broker's CONNECT check, not an operation: the token is the only
 * credential, and it names its own tenant.
 */
export function createAgentEnrollmentRouter(services: Services): Router {
  const router = express.Router();
  router.post('/', (req, res) => {
    void enroll(services, req, res);
  });
  return router;
}

async function enroll(services: Services, req: Request, res: Response): Promise<void> {
  let raw: unknown;
  try {
    raw = parseBoundedJson(await readBoundedText(req, { maxBytes: BODY_LIMITS.enrollmentBytes, declaredLength: req.headers['content-length'] }));
  } catch (error) {
    const refusal = inputRefusal(error) ?? { status: 400, limit: 'body', message: 'The body could not be read' };
    // What is left of an oversize body is not read: the connection closes after the answer.
    if (refusal.status === 413) res.set('Connection', 'close');
    res.status(refusal.status).json({ code: 'INVALID', message: refusal.message, limit: refusal.limit });
    return;
  }
  const body = enrollRequestSchema.safeParse(raw);
  if (!body.success) {
    res.status(400).json({ code: 'INVALID', message: 'Expected { token, hostname?, version? }' });
    return;
  }
  try {
    res.json(await redeemEnrollment(services, body.data));
  } catch (e) {
    if (isFacilFlowError(e) && e.code === 'UNAUTHENTICATED') {
      res.status(401).json({ code: e.code, message: e.message });
      return;
    }
    console.error('[enrol] failed:', e);
    res.status(500).json({ code: 'INTERNAL', message: 'Enrolment failed' });
  }
}

import { enrollRequestSchema, isFacilFlowError } from '@facilflow/contracts';
import { redeemEnrollment, type Services } from '@facilflow/core';
import express, { type Router } from 'express';

/**
 * Where an agent trades its one-time token for MQTT credentials. It is a protocol endpoint
 * for machines, like the broker's CONNECT check, not an operation: the token is the only
 * credential, and it names its own tenant.
 */
export function createAgentEnrollmentRouter(services: Services): Router {
  const router = express.Router();
  router.post('/', express.json({ limit: '8kb' }), async (req, res) => {
    const body = enrollRequestSchema.safeParse(req.body);
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
  });
  return router;
}

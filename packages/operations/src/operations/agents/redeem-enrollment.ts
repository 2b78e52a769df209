import { redeemEnrollmentInput, redeemEnrollmentOutput } from '@facilflow/contracts';
import { checkEnrollmentToken, ENROLLMENT_REFUSED, enrollmentTokenId, redeemEnrollmentIn } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const agentsRedeemEnrollment = defineOperation({
  name: 'agents.redeemEnrollment',
  title: 'Redeem enrolment token',
  description:
    'Called by an edge agent at the plant (POST /api/agents/enroll), not by people: trades the one-time token from agents.enroll ' +
    'for MQTT credentials that reach only that agent’s topics, in the tenant the token belongs to.',
  scope: 'credential',
  credential: {
    field: 'token',
    kind: 'enrollment-token',
    idOf: enrollmentTokenId,
    check: checkEnrollmentToken,
    refusal: ENROLLMENT_REFUSED,
  },
  effect: 'write',
  input: redeemEnrollmentInput,
  output: redeemEnrollmentOutput,
  handler: (ctx, input) => redeemEnrollmentIn(ctx.services, ctx.tenantId, input),
});

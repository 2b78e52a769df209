import { randomBytes } from 'node:crypto';
import type { AuditRecord } from '@facilflow/contracts';
import type { Runtime } from '@facilflow/operations';
import type { TestPlatform, TestTenant } from '@facilflow/testkit';

/** An agent registered by the tenant's owner through agents.enroll, with the one-time token it was given. */
export async function issueEnrollmentToken(t: TestPlatform, tenant: TestTenant, name = `gateway ${randomBytes(4).toString('hex')}`) {
  const out = (await t.call(tenant.ownerPrincipal, 'agents.enroll', { name })) as { agent: { id: string }; enrollmentToken: string };
  return { agentId: out.agent.id, token: out.enrollmentToken };
}

/** What POST /api/agents/enroll hands the registry: the body as the input, the peer's address as the source. */
export function redeem(runtime: Runtime, input: unknown, source = '192.0.2.10') {
  return runtime.invokeWithCredential({ via: 'agent', name: 'agents.redeemEnrollment', input, source });
}

export const outcome = (call: Promise<unknown>) =>
  call.then(
    () => 'ok',
    (error: { code: string }) => error.code,
  );

/** Shaped like an enrolment token, for an agent that does not exist. */
export function unknownToken(): string {
  const agentId = `ag_${Array.from(randomBytes(16), (b) => 'abcdefghijklmnopqrstuvwxyz234567'[b & 31]).join('')}`;
  return `ffe_${agentId}_${randomBytes(32).toString('base64url')}`;
}

/** The token's agent id with another secret: what a guesser who saw the id would send. */
export function withWrongSecret(token: string): string {
  // The secret may hold `_` itself: the prefix is `ffe_<agent id>_`, of fixed length.
  const prefix = /^ffe_ag_[a-z2-7]{16}_/.exec(token)?.[0];
  if (!prefix) throw new Error('not an enrolment token');
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

export async function redemptionRecords(t: TestPlatform, tenant: TestTenant): Promise<AuditRecord[]> {
  const out = (await t.call(tenant.ownerPrincipal, 'audit.list', { operation: 'agents.redeemEnrollment', limit: 200 })) as { items: AuditRecord[] };
  return out.items;
}

import { randomBytes } from 'node:crypto';
import { hashSecret, secretMatches } from '@facilflow/auth/api-keys';
import { agentConfigSchema, FacilFlowError, type EnrollResponse } from '@facilflow/contracts';
import { and, eq, isNull, schema } from '@facilflow/db';
import type { Services } from '../services.ts';

const TOKEN = /^ffe_(ag_[a-z2-7]{16})_([A-Za-z0-9_-]{43})$/;

/**
 * The agent's side of enrolment: a valid, unused, unexpired token becomes MQTT credentials
 * good only for that agent's topics. Any failure looks the same to the caller.
 */
export async function redeemEnrollment(
  services: Services,
  input: { token: string; hostname?: string | undefined; version?: string | undefined },
): Promise<EnrollResponse> {
  const refused = new FacilFlowError('UNAUTHENTICATED', 'Enrolment token is invalid, used or expired');
  const m = TOKEN.exec(input.token);
  if (!m?.[1] || !m[2]) throw refused;
  const [agentId, secret] = [m[1], m[2]];
  const now = services.now();
  // The token names the agent but not yet the tenant: found under the system scope, then used in its tenant only.
  const row = await services.db.withSystem('redeem agent enrolment token', async (tx) => {
    const [found] = await tx.select().from(schema.agents).where(eq(schema.agents.id, agentId)).limit(1);
    return found;
  });
  if (
    !row?.enrollmentTokenHash ||
    row.revokedAt ||
    row.enrolledAt ||
    !row.enrollmentExpiresAt ||
    row.enrollmentExpiresAt < now ||
    !secretMatches(secret, row.enrollmentTokenHash)
  ) {
    throw refused;
  }
  const password = randomBytes(32).toString('base64url');
  const redeemed = await services.db.withTenant(row.tenantId, (tx) =>
    tx
      .update(schema.agents)
      .set({
        enrollmentTokenHash: null,
        enrolledAt: now,
        mqttPasswordHash: hashSecret(password),
        hostname: input.hostname ?? null,
        agentVersion: input.version ?? null,
      })
      .where(and(eq(schema.agents.id, agentId), isNull(schema.agents.enrolledAt)))
      .returning(),
  );
  // Two agents racing with one token: only the first update finds the row unenrolled.
  if (redeemed.length === 0) throw refused;
  const control = services.agentControl;
  await control.provision(row.tenantId, agentId, password);
  await control.publishConfig(row.tenantId, agentId, agentConfigSchema.parse(row.desiredConfig));
  return {
    tenantId: row.tenantId,
    agentId,
    mqtt: { url: control.brokerUrl, clientId: agentId, username: agentId, password, protocolVersion: control.protocolVersion },
  };
}

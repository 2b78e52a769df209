import { randomBytes } from 'node:crypto';
import { hashSecret, secretMatches } from '@facilflow/auth/api-keys';
import { agentConfigSchema, FacilFlowError, type EnrollResponse } from '@facilflow/contracts';
import { and, eq, gte, isNull, schema } from '@facilflow/db';
import type { Services } from '../services.ts';

const TOKEN = /^ffe_(ag_[a-z2-7]{16})_([A-Za-z0-9_-]{43})$/;

/** Every refusal reads the same, so a caller cannot tell an unknown token from a used or expired one. */
export const ENROLLMENT_REFUSED = 'Enrolment token is invalid, used or expired';

type AgentRow = typeof schema.agents.$inferSelect;

export interface EnrollmentRedemption {
  token: string;
  hostname?: string | undefined;
  version?: string | undefined;
}

/** What the runtime learns from a token before any effect: whether it is redeemable, and whose it is. */
export interface EnrollmentTokenCheck {
  /** The tenant of the agent the token names, also when it cannot be redeemed (so the refusal is recorded there); null for an unknown agent. */
  tenantId: string | null;
  valid: boolean;
}

function parseToken(token: string): { agentId: string; secret: string } | null {
  const m = TOKEN.exec(token);
  return m?.[1] && m[2] ? { agentId: m[1], secret: m[2] } : null;
}

/** The token's public part, its agent id, from its shape alone: what audit records and rate limits name it by. */
export function enrollmentTokenId(token: string): string | null {
  return parseToken(token)?.agentId ?? null;
}

function redeemable(row: AgentRow | undefined, secret: string, now: Date): row is AgentRow & { enrollmentTokenHash: string } {
  return Boolean(
    row?.enrollmentTokenHash &&
      !row.revokedAt &&
      !row.enrolledAt &&
      row.enrollmentExpiresAt &&
      row.enrollmentExpiresAt >= now &&
      secretMatches(secret, row.enrollmentTokenHash),
  );
}

/** Reads only: the token names the agent but not its tenant, so the agent is found under the system scope. */
export async function checkEnrollmentToken(services: Services, token: string): Promise<EnrollmentTokenCheck> {
  const parsed = parseToken(token);
  if (!parsed) return { tenantId: null, valid: false };
  const row = await services.db.withSystem('check agent enrolment token', async (tx) => {
    const [found] = await tx.select().from(schema.agents).where(eq(schema.agents.id, parsed.agentId)).limit(1);
    return found;
  });
  return { tenantId: row?.tenantId ?? null, valid: redeemable(row, parsed.secret, services.now()) };
}

/**
 * The agent's side of enrolment, in the tenant a check of the token found: a valid, unused,
 * unexpired token becomes MQTT credentials good only for that agent's topics. Any failure
 * looks the same to the caller.
 */
export async function redeemEnrollmentIn(services: Services, tenantId: string, input: EnrollmentRedemption): Promise<EnrollResponse> {
  const refused = new FacilFlowError('UNAUTHENTICATED', ENROLLMENT_REFUSED);
  const parsed = parseToken(input.token);
  if (!parsed) throw refused;
  const { agentId, secret } = parsed;
  const now = services.now();
  const password = randomBytes(32).toString('base64url');
  const agents = schema.agents;
  const redeemed = await services.db.withTenant(tenantId, async (tx) => {
    const [row] = await tx.select().from(agents).where(eq(agents.id, agentId)).limit(1);
    if (!redeemable(row, secret, now)) return undefined;
    // Two agents racing with one token, or a revoke in between: only an update that still finds
    // the row unenrolled, unrevoked and holding this token's hash takes it.
    const [taken] = await tx
      .update(agents)
      .set({
        enrollmentTokenHash: null,
        enrolledAt: now,
        mqttPasswordHash: hashSecret(password),
        hostname: input.hostname ?? null,
        agentVersion: input.version ?? null,
      })
      .where(
        and(
          eq(agents.id, agentId),
          eq(agents.enrollmentTokenHash, row.enrollmentTokenHash),
          isNull(agents.enrolledAt),
          isNull(agents.revokedAt),
          gte(agents.enrollmentExpiresAt, now),
        ),
      )
      .returning();
    return taken;
  });
  if (!redeemed) throw refused;
  const control = services.agentControl;
  await control.provision(tenantId, agentId, password);
  await control.publishConfig(tenantId, agentId, agentConfigSchema.parse(redeemed.desiredConfig));
  return {
    tenantId,
    agentId,
    mqtt: { url: control.brokerUrl, clientId: agentId, username: agentId, password, protocolVersion: control.protocolVersion },
  };
}

/**
 * Check and redemption in one, for code that holds services but no runtime (test rigs and
 * bootstraps); every front redeems through the registry's agents.redeemEnrollment.
 */
export async function redeemEnrollment(services: Services, input: EnrollmentRedemption): Promise<EnrollResponse> {
  const check = await checkEnrollmentToken(services, input.token);
  if (!check.valid || !check.tenantId) throw new FacilFlowError('UNAUTHENTICATED', ENROLLMENT_REFUSED);
  return redeemEnrollmentIn(services, check.tenantId, input);
}

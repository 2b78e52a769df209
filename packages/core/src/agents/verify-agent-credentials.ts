import { secretMatches } from '@facilflow/auth/api-keys';
import { eq, schema } from '@facilflow/db';
import type { Services } from '../services.ts';

/** The embedded broker's CONNECT check: the agent id as username, the enrolment password. */
export async function verifyAgentCredentials(
  services: Services,
  username: string | undefined,
  password: string | undefined,
): Promise<{ tenantId: string; agentId: string } | null> {
  if (!username || !password || !/^ag_[a-z2-7]{16}$/.test(username)) return null;
  const row = await services.db.withSystem('verify agent MQTT credentials', async (tx) => {
    const [found] = await tx.select().from(schema.agents).where(eq(schema.agents.id, username)).limit(1);
    return found;
  });
  if (!row?.mqttPasswordHash || row.revokedAt || !secretMatches(password, row.mqttPasswordHash)) return null;
  return { tenantId: row.tenantId, agentId: row.id };
}

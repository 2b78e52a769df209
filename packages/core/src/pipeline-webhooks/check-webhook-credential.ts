import { secretMatches } from '@facilflow/auth/api-keys';
import { parsePipelineWebhookCredential } from '@facilflow/contracts';
import { eq, schema } from '@facilflow/db';
import type { Services } from '../services.ts';

/** What the runtime learns from a webhook credential before any effect: whose pipeline it opens, and whether the secret is its. */
export interface WebhookCredentialCheck {
  /** The tenant of the pipeline the address names, also for a wrong secret (the refusal is recorded there); null when no such pipeline is there. */
  tenantId: string | null;
  valid: boolean;
}

/**
 * Looks the pipeline up inside the addressed tenant's own session, so row-level security
 * decides what is there: another tenant's pipeline id finds nothing. The secret is compared by
 * its SHA-256 in constant time.
 */
export async function checkWebhookCredential(services: Services, credential: string): Promise<WebhookCredentialCheck> {
  const parsed = parsePipelineWebhookCredential(credential);
  if (!parsed) return { tenantId: null, valid: false };
  const row = await services.db.withTenant(parsed.tenantId, async (tx) => {
    const [found] = await tx
      .select({ tenantId: schema.pipelines.tenantId, hash: schema.pipelines.webhookSecretHash })
      .from(schema.pipelines)
      .where(eq(schema.pipelines.id, parsed.pipelineId))
      .limit(1);
    return found;
  });
  if (!row) return { tenantId: null, valid: false };
  return { tenantId: row.tenantId, valid: row.hash !== null && secretMatches(parsed.secret, row.hash) };
}

import type { TenantScope, WebhookSubscription } from '@facilflow/contracts';
import { asc, eq, schema } from '@facilflow/db';
import type { Services } from '../../services.ts';
import { toWebhook } from './to-webhook.ts';

export async function listWebhooks(services: Services, scope: TenantScope): Promise<WebhookSubscription[]> {
  const rows = await services.db.withTenant(scope.tenantId, (tx) =>
    tx.select().from(schema.webhookSubscriptions).where(eq(schema.webhookSubscriptions.tenantId, scope.tenantId)).orderBy(asc(schema.webhookSubscriptions.createdAt)),
  );
  return rows.map(toWebhook);
}

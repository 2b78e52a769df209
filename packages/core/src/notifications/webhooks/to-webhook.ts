import { tenantEventTypeSchema, type WebhookSubscription } from '@facilflow/contracts';
import type { schema } from '@facilflow/db';

export function toWebhook(row: typeof schema.webhookSubscriptions.$inferSelect): WebhookSubscription {
  return {
    id: row.id,
    name: row.name,
    url: row.url,
    events: row.events.flatMap((event) => {
      const parsed = tenantEventTypeSchema.safeParse(event);
      return parsed.success ? [parsed.data] : [];
    }),
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
  };
}

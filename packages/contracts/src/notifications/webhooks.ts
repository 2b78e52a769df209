import { z } from 'zod';
import { idSchema } from '../tenancy/tenant.ts';

/** The tenant events an outgoing webhook may subscribe to. */
export const TENANT_EVENT_TYPES = [
  'alert.triggered',
  'alert.resolved',
  'run.finished',
  'run.failed',
  'agent.offline',
  'approval.requested',
  'approval.decided',
  'deadLetter.recorded',
] as const;
export const tenantEventTypeSchema = z.enum(TENANT_EVENT_TYPES);
export type TenantEventType = z.infer<typeof tenantEventTypeSchema>;

/** What a signed POST carries: the event id stays the same across redeliveries, so a receiver drops repeats. */
export interface TenantEventEnvelope {
  id: string;
  type: string;
  tenantId: string;
  occurredAt: string;
  data: Record<string, unknown>;
}

export const webhookSubscriptionSchema = z.object({
  id: idSchema,
  name: z.string(),
  url: z.string(),
  events: z.array(tenantEventTypeSchema),
  createdBy: z.string(),
  createdAt: z.iso.datetime(),
});
export type WebhookSubscription = z.infer<typeof webhookSubscriptionSchema>;

export const listWebhooksInput = z.object({});
export const listWebhooksOutput = z.object({ webhooks: z.array(webhookSubscriptionSchema) });

export const createWebhookInput = z.object({
  name: z.string().trim().min(1).max(100),
  url: z.url({ protocol: /^https?$/ }).max(2048).describe('An http(s) URL on a host FACILFLOW_PIPELINE_HTTP_HOSTS allows'),
  events: z.array(tenantEventTypeSchema).min(1).max(TENANT_EVENT_TYPES.length),
});
export const createWebhookOutput = z.object({
  webhook: webhookSubscriptionSchema,
  /** Shown this once: receivers check `x-facilflow-signature` with it. */
  signingSecret: z.string(),
});

export const deleteWebhookInput = z.object({ id: idSchema.describe('Webhook id') });
export const deleteWebhookOutput = z.object({ deleted: z.boolean() });

import { z } from 'zod';
import { idSchema } from '../tenancy/tenant.ts';

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;

/** One message to one channel or webhook: the outbox entry and, once tried, its log. */
export const deliverySchema = z.object({
  id: idSchema,
  targetKind: z.enum(['channel', 'webhook']),
  targetId: idSchema,
  /** e.g. alert.triggered, run.failed; `reason` says why an alert was notified (notify, repeat, escalation, test). */
  eventType: z.string(),
  eventId: z.string(),
  reason: z.string(),
  summary: z.string(),
  status: z.enum(DELIVERY_STATUSES),
  attempts: z.number().int(),
  lastStatusCode: z.number().int().nullable(),
  lastError: z.string().nullable(),
  createdAt: z.iso.datetime(),
  nextAttemptAt: z.iso.datetime().nullable(),
  deliveredAt: z.iso.datetime().nullable(),
  redeliveryOf: z.string().nullable(),
});
export type Delivery = z.infer<typeof deliverySchema>;

export const listDeliveriesInput = z.object({
  status: z.enum(DELIVERY_STATUSES).optional(),
  targetId: idSchema.optional().describe('Only deliveries to this channel or webhook'),
  limit: z.number().int().min(1).max(200).default(50),
});
export const listDeliveriesOutput = z.object({ deliveries: z.array(deliverySchema) });

export const redeliverInput = z.object({ id: idSchema.describe('Delivery id (from deliveries.list)') });
export const redeliverOutput = z.object({ delivery: deliverySchema });

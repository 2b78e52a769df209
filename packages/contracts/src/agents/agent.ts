import { z } from 'zod';
import { agentConfigSchema, opcUaSourceSchema, subscribedTagSchema } from './agent-config.ts';
import { agentHeartbeatSchema, agentStatusSchema } from './agent-status.ts';

export const agentStateSchema = z.enum(['pending', 'online', 'offline', 'revoked']);

/** An edge agent as the platform shows it. */
export const agentSchema = z.object({
  id: z.string(),
  tenantId: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  state: agentStateSchema,
  enrolledAt: z.iso.datetime().nullable(),
  enrollmentExpiresAt: z.iso.datetime().nullable(),
  lastSeenAt: z.iso.datetime().nullable(),
  hostname: z.string().nullable(),
  agentVersion: z.string().nullable(),
  desiredConfigVersion: z.number().int(),
  appliedConfigVersion: z.number().int().nullable(),
  status: agentStatusSchema.nullable(),
  heartbeat: agentHeartbeatSchema.nullable(),
  createdAt: z.iso.datetime(),
  revokedAt: z.iso.datetime().nullable(),
});
export type Agent = z.infer<typeof agentSchema>;

/** Agent-wide settings an admin can change; sources come from data sources. */
export const agentSettingsSchema = agentConfigSchema.pick({ batch: true, buffer: true, heartbeatIntervalMs: true }).partial();

export const dataSourceSchema = z.object({
  id: z.string(),
  tenantId: z.string(),
  agentId: z.string(),
  name: z.string(),
  source: opcUaSourceSchema.omit({ password: true }).extend({ hasPassword: z.boolean() }),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type DataSource = z.infer<typeof dataSourceSchema>;

export { subscribedTagSchema };

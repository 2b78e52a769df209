import { z } from 'zod';

export const sourceStateSchema = z.object({
  id: z.string(),
  endpointUrl: z.string(),
  state: z.enum(['connecting', 'connected', 'disconnected']),
  monitoredItems: z.number().int().nonnegative(),
  lastError: z.string().nullable(),
});

/** Retained on the status topic; the last will publishes `offline`. */
export const agentStatusSchema = z.object({
  agentId: z.string(),
  state: z.enum(['online', 'offline']),
  version: z.string(),
  startedAt: z.number().int().nullable(),
  at: z.number().int(),
  appliedConfigVersion: z.number().int().nullable(),
  sources: z.array(sourceStateSchema),
});
export type AgentStatus = z.infer<typeof agentStatusSchema>;

export const agentHeartbeatSchema = z.object({
  agentId: z.string(),
  at: z.number().int(),
  uptimeS: z.number().nonnegative(),
  cpuPercent: z.number().nonnegative(),
  rssBytes: z.number().int().nonnegative(),
  /** Store-and-forward backlog: batches and bytes not yet acknowledged by the broker. */
  bufferBatches: z.number().int().nonnegative(),
  bufferBytes: z.number().int().nonnegative(),
  /** Batches dropped by the buffer's bound since the agent started, by its drop policy. */
  droppedBatches: z.number().int().nonnegative(),
  droppedPoints: z.number().int().nonnegative(),
  notificationsPerSecond: z.number().nonnegative(),
  pointsPerSecond: z.number().nonnegative(),
  publishedBatches: z.number().int().nonnegative(),
  appliedConfigVersion: z.number().int().nullable(),
});
export type AgentHeartbeat = z.infer<typeof agentHeartbeatSchema>;

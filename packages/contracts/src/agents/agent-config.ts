import { z } from 'zod';
import { identifierSchema } from '../telemetry/point.ts';

export const deadbandSchema = z.object({
  type: z.enum(['absolute', 'percent']),
  value: z.number().nonnegative(),
});

/** One PLC tag the agent subscribes to, and where its values land. */
export const subscribedTagSchema = z.object({
  nodeId: z.string().min(1).max(512),
  measurement: identifierSchema,
  field: identifierSchema,
  /** Tags on every point, e.g. { site, area, line, machine }. */
  tags: z.record(identifierSchema, z.string().max(256)).default({}),
  samplingIntervalMs: z.number().int().min(0).max(3_600_000).default(1000),
  deadband: deadbandSchema.optional(),
  /**
   * Report every sample, also when the value did not change (OPC UA trigger
   * StatusValueTimestamp), so a flat signal reads as flat rather than as silence. Off by
   * default: report by exception keeps the link quiet. A deadband has no effect with it.
   */
  reportUnchanged: z.boolean().optional(),
});
export type SubscribedTag = z.infer<typeof subscribedTagSchema>;

export const opcUaSourceSchema = z.object({
  id: identifierSchema,
  kind: z.literal('opcua'),
  endpointUrl: z.string().regex(/^opc\.tcp:\/\//, 'an opc.tcp:// URL'),
  securityMode: z.enum(['None', 'Sign', 'SignAndEncrypt']).default('None'),
  securityPolicy: z.enum(['None', 'Basic256Sha256', 'Aes128_Sha256_RsaOaep', 'Aes256_Sha256_RsaPss']).default('None'),
  /** Anonymous when absent. */
  username: z.string().optional(),
  password: z.string().optional(),
  publishingIntervalMs: z.number().int().min(10).max(60_000).default(1000),
  /** Monitored items per CreateMonitoredItems call, to stay under server limits. */
  monitoredItemsPerCall: z.number().int().min(1).max(10_000).default(1000),
  tags: z.array(subscribedTagSchema).max(200_000),
});
export type OpcUaSource = z.infer<typeof opcUaSourceSchema>;

/** What an admin sets remotely; the agent applies it and reports the version it runs. */
export const agentConfigSchema = z.object({
  version: z.number().int().nonnegative(),
  sources: z.array(opcUaSourceSchema).max(64),
  batch: z
    .object({
      maxPoints: z.number().int().min(1).max(10_000).default(1000),
      maxDelayMs: z.number().int().min(10).max(60_000).default(1000),
      /** How batches (v2, compact) are published: JSON on `telemetry`, or MessagePack on `telemetry/msgpack` (smaller, cheaper to decode). */
      encoding: z.enum(['json', 'msgpack']).default('json'),
    })
    .default({ maxPoints: 1000, maxDelayMs: 1000, encoding: 'json' }),
  buffer: z
    .object({
      maxBytes: z.number().int().min(1024 * 1024).default(512 * 1024 * 1024),
      /** What goes when the buffer is full: the oldest batches (keep recent data) or the newest (keep history). */
      dropPolicy: z.enum(['drop-oldest', 'drop-newest']).default('drop-oldest'),
    })
    .default({ maxBytes: 512 * 1024 * 1024, dropPolicy: 'drop-oldest' }),
  heartbeatIntervalMs: z.number().int().min(1000).max(300_000).default(10_000),
});
export type AgentConfig = z.infer<typeof agentConfigSchema>;

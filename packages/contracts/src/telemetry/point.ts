import { z } from 'zod';

/**
 * Measurements are stored wide, the InfluxDB way: a measurement is a table, tags are
 * indexed string columns that say *which* thing (site, line, machine...), fields are
 * typed value columns. An OPC UA tag maps to one field of one measurement; by default
 * the machine's class is the measurement (Oven2 → `oven`) and the tag name the field.
 */
export const identifierSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'letters, digits and underscores, not starting with a digit');

export const fieldValueSchema = z.union([z.number(), z.boolean(), z.string().max(4096)]);
export type FieldValue = z.infer<typeof fieldValueSchema>;

export const pointSchema = z.object({
  /** Measurement name. */
  m: identifierSchema,
  /** Tag set; values are strings. */
  tags: z.record(identifierSchema, z.string().max(256)).default({}),
  /** At least one field. */
  f: z.record(identifierSchema, fieldValueSchema).refine((f) => Object.keys(f).length > 0, 'a point needs at least one field'),
  /**
   * Source timestamp, epoch milliseconds; decimals carry what is finer (line protocol's
   * nanoseconds, OPC UA's 100-ns source times), kept by the stores to the microsecond.
   */
  t: z.number().nonnegative(),
});
export type TelemetryPoint = z.infer<typeof pointSchema>;

export const MAX_POINTS_PER_BATCH = 10_000;

/** What an agent publishes on its telemetry topic (QoS 1). */
export const telemetryBatchSchema = z.object({
  v: z.literal(1),
  agentId: z.string().min(1).max(64),
  /** Per-agent, strictly increasing; ingest drops a redelivered batch by (agent, seq). */
  seq: z.number().int().nonnegative(),
  /** When the agent sent it, epoch ms. */
  sentAt: z.number().int().nonnegative(),
  points: z.array(pointSchema).min(1).max(MAX_POINTS_PER_BATCH),
});
export type TelemetryBatch = z.infer<typeof telemetryBatchSchema>;

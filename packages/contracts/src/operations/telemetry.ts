import { z } from 'zod';
import { fieldValueSchema, identifierSchema } from '../telemetry/point.ts';
import { withheldFieldSchema } from '../governance/classification.ts';

export const queryColumnSchema = z.object({
  name: z.string(),
  type: z.enum(['timestamp', 'number', 'boolean', 'string', 'other']),
  nativeType: z.string(),
});

export const telemetryQueryInput = z.object({
  sql: z
    .string()
    .min(1)
    .max(20_000)
    .describe(
      'One read-only SELECT over the tenant\'s measurements (each measurement is a table with a `time` column, tag columns and field columns). ' +
        'Embedded store: DuckDB SQL, e.g. SELECT time_bucket(INTERVAL \'1 minute\', time) AS minute, avg(ZoneTemperature1) FROM oven ' +
        'WHERE machine = \'Oven2\' GROUP BY minute ORDER BY minute. InfluxDB 3: DataFusion SQL with date_bin(). Use telemetry.exploreCatalog first.',
    ),
  params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional().describe('Values for $name placeholders'),
  maxRows: z.number().int().min(1).max(100_000).default(1000),
  timeoutMs: z.number().int().min(100).max(60_000).default(10_000),
});
export const telemetryQueryOutput = z.object({
  dialect: z.enum(['duckdb', 'influxdb3']),
  columns: z.array(queryColumnSchema),
  rows: z.array(z.array(z.unknown())),
  rowCount: z.number().int(),
  truncated: z.boolean(),
  /** Why `truncated`: maxRows reached, or the result's JSON reached the server's byte budget (a single oversized row is left out whole). */
  truncatedReason: z.enum(['rows', 'bytes']).optional(),
  elapsedMs: z.number(),
  /** Fields the caller's role may not see (data classification): `SELECT *` left them out; naming one is refused. */
  withheld: z.array(withheldFieldSchema).optional(),
});

export const assetNodeSchema: z.ZodType<AssetNode> = z.lazy(() =>
  z.object({ level: z.string(), name: z.string(), children: z.array(assetNodeSchema) }),
);
export interface AssetNode {
  level: string;
  name: string;
  children: AssetNode[];
}

export const exploreCatalogInput = z.object({ measurement: identifierSchema.optional().describe('Only this measurement') });
export const exploreCatalogOutput = z.object({
  dialect: z.enum(['duckdb', 'influxdb3']),
  measurements: z.array(
    z.object({
      name: z.string(),
      tags: z.array(z.object({ name: z.string(), distinctValues: z.number().int(), distinctValuesCapped: z.boolean() })),
      fields: z.array(z.object({ name: z.string(), type: z.enum(['number', 'boolean', 'string']), unit: z.string().nullable() })),
      firstTime: z.string().nullable(),
      lastTime: z.string().nullable(),
      pointCount: z.number().int(),
    }),
  ),
  /** Enterprise → site → area → line → machine, from the tags agents attach to what they collect. */
  assets: z.array(assetNodeSchema),
});

export const latestInput = z.object({
  measurement: identifierSchema.optional(),
  where: z.record(z.string(), z.string()).optional().describe('Tag equalities, e.g. { "machine": "Oven2" }'),
});
export const latestOutput = z.object({
  values: z.array(z.object({ measurement: z.string(), tags: z.record(z.string(), z.string()), field: z.string(), value: fieldValueSchema, time: z.string() })),
  /** Fields left out because the caller's role may not see them (data classification). */
  withheld: z.array(withheldFieldSchema).optional(),
});

export const telemetryConsumersInput = z.object({});
export const telemetryConsumerSchema = z.object({
  name: z.string().describe('The consumer, e.g. quality, lineage'),
  /** This tenant's batches written but not yet processed by the consumer. */
  lagBatches: z.number().int().nonnegative(),
  /** How far behind the newest written batch of this tenant the consumer's last processed one is (0 when caught up). */
  lagSeconds: z.number().nonnegative(),
  processedBatches: z.number().int().nonnegative(),
  /** Batches the stream no longer held when the consumer reached them (its retention bound was passed): counted, never silent. */
  skippedBatches: z.number().int().nonnegative(),
  lastProcessedAt: z.string().nullable(),
});
export const telemetryConsumersOutput = z.object({
  stream: z.enum(['in-process', 'redis']),
  consumers: z.array(telemetryConsumerSchema),
});
export type TelemetryConsumerLag = z.infer<typeof telemetryConsumerSchema>;

import { z } from 'zod';
import { qualityCheckSchema, qualitySeveritySchema } from '../quality/quality.ts';

/** One registry call Jarvis made while answering, with what it was asked. */
export const receiptOperationSchema = z.object({
  operation: z.string(),
  input: z.unknown(),
  outcome: z.enum(['ok', 'error']),
  errorCode: z.string().optional(),
});

/** A query the answer rests on: its SQL and the time span its rows cover. */
export const receiptQuerySchema = z.object({
  sql: z.string(),
  /** The earliest and latest timestamps in the rows it returned; null when it returned none. */
  timeRange: z.object({ from: z.string(), to: z.string() }).nullable(),
  rowCount: z.number().int().nonnegative(),
  truncated: z.boolean(),
});

/** A data-quality issue on data the answer used. */
export const receiptQualityFlagSchema = z.object({
  measurement: z.string(),
  field: z.string(),
  check: qualityCheckSchema,
  severity: qualitySeveritySchema,
  status: z.enum(['open', 'closed']),
});

/**
 * What an assistant answer rests on, collected from the tool calls of its turn, so a person
 * can check it: the operations called, the SQL and time range of each query, the
 * measurements and tags involved, their quality flags and where to see their lineage.
 */
export const receiptSchema = z.object({
  operations: z.array(receiptOperationSchema),
  queries: z.array(receiptQuerySchema),
  measurements: z.array(z.string()),
  tags: z.array(z.string()),
  qualityFlags: z.array(receiptQualityFlagSchema),
  /** Web app paths of the lineage graph of each measurement used. */
  lineage: z.array(z.string()),
});
export type Receipt = z.infer<typeof receiptSchema>;
export type ReceiptQuery = z.infer<typeof receiptQuerySchema>;
export type ReceiptQualityFlag = z.infer<typeof receiptQualityFlagSchema>;

import { z } from 'zod';

/**
 * Dead letters: telemetry ingest could not store, kept with the reason and the raw payload
 * (up to 256 KiB) so the tenant sees what went wrong and can replay it after a fix.
 *
 * Codes, for the whole message: `oversize`, `malformed_json`, `malformed_msgpack`, `invalid_batch` (not a
 * telemetry batch: wrong shape, too many points...), `agent_mismatch` (the batch names
 * another agent than its topic), `unknown_subtopic`, `bad_line_protocol` (no line parsed),
 * `storage_quota` (the tenant's time-series storage is full: replay it once space is freed or the quota raised),
 * `pipeline_failed` (a stage of a stream pipeline threw on rows of a stored batch: topic `pipeline/<pipelineId>/<stageId>`,
 * the payload the rows the stage was given; the points are stored, only that pipeline missed them, so it is not replayed).
 * Or `invalid_points`: the message was read and some of its points were refused (the
 * others are stored); `reasonCounts` says why, by point reason: `unknown_measurement`,
 * `unknown_field`, `wrong_type`, `missing_field`, `missing_tag`, `malformed_point`,
 * `bad_line`, `store_refused`.
 */
export const DEAD_LETTER_CODES = [
  'oversize',
  'malformed_json',
  'malformed_msgpack',
  'invalid_batch',
  'agent_mismatch',
  'unknown_subtopic',
  'bad_line_protocol',
  'storage_quota',
  'pipeline_failed',
  'invalid_points',
] as const;
export const deadLetterCodeSchema = z.enum(DEAD_LETTER_CODES);
export type DeadLetterCode = z.infer<typeof deadLetterCodeSchema>;

export const POINT_REJECTION_CODES = [
  'unknown_measurement',
  'unknown_field',
  'wrong_type',
  'missing_field',
  'missing_tag',
  'malformed_point',
  'bad_line',
  'store_refused',
] as const;
export const pointRejectionCodeSchema = z.enum(POINT_REJECTION_CODES);
export type PointRejectionCode = z.infer<typeof pointRejectionCodeSchema>;

/** How a telemetry message is encoded: JSON batch (v1 or v2), line protocol, MessagePack batch (v2); see telemetryCodecOfSubtopic. */
export const TELEMETRY_CODECS = ['json', 'lp', 'msgpack'] as const;
export const telemetryCodecSchema = z.enum(TELEMETRY_CODECS);
export type TelemetryCodec = z.infer<typeof telemetryCodecSchema>;

export const deadLetterSchema = z.object({
  id: z.string(),
  tenantId: z.string(),
  agentId: z.string().nullable(),
  topic: z.string(),
  codec: z.string().describe('json (telemetry batch), msgpack (MessagePack telemetry batch) or lp (line protocol)'),
  code: deadLetterCodeSchema,
  reason: z.string().describe('What went wrong, in words'),
  seq: z.number().int().nullable().describe("The batch's sequence number, when it could be read"),
  pointCount: z.number().int().describe('Points (JSON) or lines (line protocol) in the message; 0 when it could not be read'),
  rejectedCount: z.number().int().describe('How many of them were refused; the others are stored'),
  reasonCounts: z.record(z.string(), z.number().int()).describe('Refused points by reason code'),
  payloadBytes: z.number().int().describe('Size of the message as received'),
  payloadTruncated: z.boolean().describe('Only the first 256 KiB were kept: such a dead letter cannot be replayed'),
  receivedAt: z.iso.datetime(),
  replayedAt: z.iso.datetime().nullable(),
  replayOutcome: z.string().nullable(),
});
export type DeadLetter = z.infer<typeof deadLetterSchema>;

export const deadLetterRejectionSchema = z.object({
  at: z.number().int().describe('Point index in the batch (JSON, from 0) or line number (line protocol, from 1)'),
  reasons: z.array(z.string()),
});

export const listDeadLettersInput = z.object({
  agentId: z.string().optional().describe('Only this agent'),
  code: deadLetterCodeSchema.optional().describe('Only this kind'),
  pending: z.boolean().optional().describe('true: only those not replayed yet; false: only replayed ones'),
  cursor: z.string().optional().describe('nextCursor from the previous page'),
  limit: z.number().int().min(1).max(200).default(50),
});
export const listDeadLettersOutput = z.object({ items: z.array(deadLetterSchema), nextCursor: z.string().nullable() });

export const getDeadLetterInput = z.object({
  id: z.string().min(1).max(64),
  payloadBytes: z
    .number()
    .int()
    .min(0)
    .max(262_144)
    .default(16_384)
    .describe('How much of the stored payload to return (bytes from the start)'),
});
export const getDeadLetterOutput = z.object({
  deadLetter: deadLetterSchema.extend({
    rejections: z.array(deadLetterRejectionSchema).describe('The first refused points with their reasons (up to 100)'),
    payload: z.string().describe('The start of the raw payload: UTF-8 text, or base64 when it is not text'),
    payloadEncoding: z.enum(['utf8', 'base64']),
    payloadShownBytes: z.number().int(),
  }),
});

export const replayDeadLetterInput = z.object({
  id: z.string().min(1).max(64),
  skipInvalid: z
    .boolean()
    .default(false)
    .describe('Store the points that pass now even if others still do not (those are then given up); by default nothing is stored until all pass'),
});
export const replayDeadLetterOutput = z.object({
  deadLetter: deadLetterSchema,
  result: z.object({
    status: z
      .enum(['stored', 'partial', 'still_invalid', 'already_replayed'])
      .describe('stored: every point stored; partial: skipInvalid stored some; still_invalid: nothing stored; already_replayed: an earlier replay stored it'),
    written: z.number().int(),
    rejected: z.number().int(),
    rejections: z.array(deadLetterRejectionSchema).describe('Up to 100 points that still fail, with reasons'),
  }),
});

export const purgeDeadLettersInput = z.object({
  before: z.iso.datetime().optional().describe('Only dead letters received before this time'),
  replayedOnly: z.boolean().default(false).describe('Only dead letters already replayed'),
  agentId: z.string().optional().describe('Only this agent'),
});
export const purgeDeadLettersOutput = z.object({ deleted: z.number().int() });

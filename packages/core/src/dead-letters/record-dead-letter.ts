import { createHash } from 'node:crypto';
import { toStorableJson, toStorableText, type DeadLetterCode } from '@facilflow/contracts';
import { and, eq, inArray, schema, sql } from '@facilflow/db';
import type { Services } from '../services.ts';
import { recordTenantEvent } from '../notifications/webhooks/record-tenant-event.ts';
import type { PointRejection } from '../schemas/check-telemetry-message.ts';
import type { DeadLetterDetails } from './to-dead-letter.ts';

/** The raw payload is kept up to this size; a longer one is cut and marked truncated (it cannot be replayed). */
export const DEAD_LETTER_PAYLOAD_LIMIT = 256 * 1024;
/** A tenant keeps about this many dead letters, the newest: see `trimEvery`. */
export const DEAD_LETTERS_PER_TENANT = 10_000;
/**
 * The trim (delete what is past the newest N) reads the tenant's index down to N, a few
 * milliseconds at 10,000: it runs with every 16th dead letter a process records for a
 * tenant (and its first), in the same transaction, so a tenant holds at most N plus 15
 * per ingest node.
 */
export const DEAD_LETTER_TRIM_EVERY = 16;
/** Refused points listed with their reasons; the positions of all of them are kept. */
const EXAMPLES = 100;

export interface DeadLetterInput {
  tenantId: string;
  agentId: string | null;
  topic: string;
  codec: string;
  code: DeadLetterCode;
  /** In words, for people: the first thing that went wrong. */
  reason: string;
  seq: number | null;
  pointCount: number;
  rejections: readonly PointRejection[];
  payload: Buffer;
  receivedAt: Date;
  /**
   * Names the message: the same key makes the same dead letter, so a message delivered again
   * (its first delivery was recorded but not acknowledged) is recorded once.
   */
  key: string;
}

export interface DeadLetterLimits {
  payloadLimit?: number;
  perTenant?: number;
  trimEvery?: number;
}

/** Dead letters recorded per tenant by this process, to trim every `trimEvery`-th time. */
const recorded = new Map<string, number>();

/**
 * Records a dead letter, at most once per key, and now and then trims the tenant's oldest
 * beyond the bound in the same transaction. Resolves once the record is committed.
 */
export async function recordDeadLetter(services: Services, input: DeadLetterInput, limits: DeadLetterLimits = {}): Promise<{ id: string; created: boolean }> {
  const payloadLimit = limits.payloadLimit ?? DEAD_LETTER_PAYLOAD_LIMIT;
  const perTenant = limits.perTenant ?? DEAD_LETTERS_PER_TENANT;
  const trimEvery = limits.trimEvery ?? DEAD_LETTER_TRIM_EVERY;
  const id = deadLetterId(input.tenantId, input.key);
  const truncated = input.payload.length > payloadLimit;
  const reasonCounts: Record<string, number> = {};
  for (const rejection of input.rejections) for (const problem of rejection.problems) reasonCounts[problem.code] = (reasonCounts[problem.code] ?? 0) + 1;
  // The payload is bytea and keeps every byte as sent; the text and jsonb columns hold what was
  // quoted from it (names, reasons, a subtopic), escaped so a NUL cannot make the insert fail.
  const details: DeadLetterDetails = {
    code: input.code,
    seq: input.seq,
    pointCount: input.pointCount,
    rejectedCount: input.code === 'invalid_points' ? input.rejections.length : input.pointCount,
    rejected: input.rejections.map((rejection) => rejection.at),
    examples: input.rejections.slice(0, EXAMPLES).map((rejection) => ({ at: rejection.at, reasons: rejection.problems.map((problem) => problem.message) })),
    reasonCounts,
    payloadBytes: input.payload.length,
  };
  const table = schema.deadLetters;
  const recordedLetter = await services.db.withTenant(input.tenantId, async (tx): Promise<{ id: string; created: boolean }> => {
    const inserted = await tx
      .insert(table)
      .values({
        id,
        tenantId: input.tenantId,
        agentId: input.agentId === null ? null : toStorableText(input.agentId),
        topic: toStorableText(input.topic),
        codec: toStorableText(input.codec),
        reason: toStorableText(input.reason.slice(0, 2000)),
        details: toStorableJson(details),
        payload: truncated ? input.payload.subarray(0, payloadLimit) : input.payload,
        payloadTruncated: truncated ? 1 : 0,
        receivedAt: input.receivedAt,
      })
      .onConflictDoNothing({ target: table.id })
      .returning({ id: table.id });
    if (inserted.length === 0) return { id, created: false };
    const count = recorded.get(input.tenantId) ?? 0;
    recorded.set(input.tenantId, count + 1);
    if (count % trimEvery !== 0) return { id, created: true };
    // Newest first, everything past the bound goes: the tenant sees the latest trouble, never an unbounded pile.
    const excess = tx
      .select({ id: table.id })
      .from(table)
      .where(eq(table.tenantId, input.tenantId))
      .orderBy(sql`${table.receivedAt} desc, ${table.id} desc`)
      .offset(perTenant);
    await tx.delete(table).where(and(eq(table.tenantId, input.tenantId), inArray(table.id, excess)));
    return { id, created: true };
  });
  if (recordedLetter.created) {
    await recordTenantEvent(services, input.tenantId, 'deadLetter.recorded', `Dead letter: ${input.reason.slice(0, 200)}`, {
      deadLetterId: id,
      agentId: input.agentId,
      code: input.code,
      reason: input.reason.slice(0, 2000),
      pointCount: input.pointCount,
      receivedAt: input.receivedAt.toISOString(),
    });
  }
  return recordedLetter;
}

/** Stable per (tenant, key): `dl_` and 24 hex digits. */
export function deadLetterId(tenantId: string, key: string): string {
  return `dl_${createHash('sha256').update(tenantId).update('\u0000').update(key).digest('hex').slice(0, 24)}`;
}

/** The key of a message with no sequence number to name it: its topic and bytes. */
export function payloadKey(topic: string, payload: Buffer): string {
  return `payload:${topic}:${createHash('sha256').update(payload).digest('hex')}`;
}

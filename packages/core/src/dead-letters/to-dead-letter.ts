import { DEAD_LETTER_CODES, type DeadLetter, type DeadLetterCode } from '@facilflow/contracts';
import type { schema } from '@facilflow/db';

export type DeadLetterRow = typeof schema.deadLetters.$inferSelect;

/** What the `details` column holds. */
export interface DeadLetterDetails {
  code: DeadLetterCode;
  seq: number | null;
  pointCount: number;
  rejectedCount: number;
  /** Every refused position (JSON point index, line protocol line number): a replay takes these. */
  rejected: number[];
  /** The first refused points with their reasons. */
  examples: Array<{ at: number; reasons: string[] }>;
  reasonCounts: Record<string, number>;
  payloadBytes: number;
}

/** The stored payload as a Buffer (PGlite hands bytea back as a plain Uint8Array). */
export function payloadOf(row: DeadLetterRow): Buffer {
  const bytes: Uint8Array = row.payload;
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export function readDetails(row: DeadLetterRow): DeadLetterDetails {
  const raw = (typeof row.details === 'object' && row.details !== null ? row.details : {}) as Partial<Record<keyof DeadLetterDetails, unknown>>;
  const code = (DEAD_LETTER_CODES as readonly unknown[]).includes(raw.code) ? (raw.code as DeadLetterCode) : 'invalid_batch';
  const numbers = (value: unknown) => (Array.isArray(value) ? value.filter((n): n is number => Number.isInteger(n)) : []);
  const count = (value: unknown, fallback: number) => (Number.isInteger(value) ? (value as number) : fallback);
  return {
    code,
    seq: Number.isInteger(raw.seq) ? (raw.seq as number) : null,
    pointCount: count(raw.pointCount, 0),
    rejectedCount: count(raw.rejectedCount, 0),
    rejected: numbers(raw.rejected),
    examples: Array.isArray(raw.examples)
      ? raw.examples.flatMap((example: unknown) => {
          const e = example as { at?: unknown; reasons?: unknown };
          return Number.isInteger(e?.at) && Array.isArray(e.reasons) ? [{ at: e.at as number, reasons: e.reasons.map(String) }] : [];
        })
      : [],
    reasonCounts:
      typeof raw.reasonCounts === 'object' && raw.reasonCounts !== null
        ? Object.fromEntries(Object.entries(raw.reasonCounts).filter((entry): entry is [string, number] => Number.isInteger(entry[1])))
        : {},
    payloadBytes: count(raw.payloadBytes, row.payload.length),
  };
}

export function toDeadLetter(row: DeadLetterRow): DeadLetter {
  const details = readDetails(row);
  return {
    id: row.id,
    tenantId: row.tenantId,
    agentId: row.agentId,
    topic: row.topic,
    codec: row.codec,
    code: details.code,
    reason: row.reason,
    seq: details.seq,
    pointCount: details.pointCount,
    rejectedCount: details.rejectedCount,
    reasonCounts: details.reasonCounts,
    payloadBytes: details.payloadBytes,
    payloadTruncated: row.payloadTruncated !== 0,
    receivedAt: row.receivedAt.toISOString(),
    replayedAt: row.replayedAt?.toISOString() ?? null,
    replayOutcome: row.replayOutcome,
  };
}

import { FacilFlowError } from '@facilflow/contracts';
import { and, eq, lt, or, type AnyColumn, type SQL } from '@facilflow/db';

/**
 * Keyset paging over lists ordered by (time, id) descending: the cursor is the last row's
 * key, opaque to callers, so a page never repeats or skips a row when new ones arrive.
 */
export function encodeTimeCursor(at: Date, id: string): string {
  return Buffer.from(`${at.toISOString()}|${id}`).toString('base64url');
}

/** `what` names the list in the error, e.g. "audit" → "Malformed audit cursor". */
export function decodeTimeCursor(cursor: string, what: string): { at: Date; id: string } {
  const [iso, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  const at = new Date(iso ?? '');
  if (!id || Number.isNaN(at.getTime())) throw new FacilFlowError('INVALID', `Malformed ${what} cursor`);
  return { at, id };
}

/** The rows after `cursor` in (time, id) descending order. */
export function afterTimeCursor(time: AnyColumn, id: AnyColumn, cursor: string, what: string): SQL | undefined {
  const key = decodeTimeCursor(cursor, what);
  return or(lt(time, key.at), and(eq(time, key.at), lt(id, key.id)));
}

/** Rows fetched with `limit + 1`: the page, and a cursor when there is more. */
export function timePage<T>(rows: readonly T[], limit: number, keyOf: (row: T) => { at: Date; id: string }): { page: T[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  if (rows.length <= limit || last === undefined) return { page, nextCursor: null };
  const key = keyOf(last);
  return { page, nextCursor: encodeTimeCursor(key.at, key.id) };
}

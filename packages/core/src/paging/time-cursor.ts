import { FacilFlowError } from '@facilflow/contracts';

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

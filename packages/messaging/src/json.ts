import { FacilFlowError } from '@facilflow/contracts';

/**
 * Bus messages and job data cross process boundaries as JSON (Redis, BullMQ), so the
 * in-process adapters encode them the same way: a caller sees identical values
 * (dates as strings, no shared references) whichever adapter is configured.
 */
export function encodeJson(value: unknown, what: string): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (cause) {
    throw new FacilFlowError('INVALID', `${what} is not JSON-serializable: ${(cause as Error).message}`);
  }
  if (text === undefined) throw new FacilFlowError('INVALID', `${what} is not JSON-serializable (got ${typeof value})`);
  return text;
}

export function decodeJson(text: string): unknown {
  return JSON.parse(text) as unknown;
}

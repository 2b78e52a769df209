import { createHmac, randomBytes } from 'node:crypto';

/** `sha256=<hex>` of HMAC-SHA256 over `<timestamp>.<body>` under the target's secret. */
export const SIGNATURE_HEADER = 'x-facilflow-signature';
/** Unix seconds when the request was signed: a receiver refuses old ones, so a captured request cannot be replayed later. */
export const TIMESTAMP_HEADER = 'x-facilflow-timestamp';
/** The event's id, the same on every attempt and redelivery: a receiver drops repeats by it. */
export const EVENT_ID_HEADER = 'x-facilflow-event-id';
export const DELIVERY_ID_HEADER = 'x-facilflow-delivery';

export function newSigningSecret(): string {
  return `ffns_${randomBytes(32).toString('base64url')}`;
}

export function signatureOf(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

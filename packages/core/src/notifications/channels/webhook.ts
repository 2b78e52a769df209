import type { Services } from '../../services.ts';
import { DELIVERY_ID_HEADER, EVENT_ID_HEADER, SIGNATURE_HEADER, signatureOf, TIMESTAMP_HEADER } from '../signing.ts';
import type { AttemptResult } from './attempt.ts';
import { postJson } from './http-post.ts';

export interface SignedPost {
  url: string;
  secret: string;
  deliveryId: string;
  eventId: string;
  body: unknown;
}

/**
 * POSTs the event as JSON, signed: `x-facilflow-signature: sha256=<hex>` is HMAC-SHA256 over
 * `<x-facilflow-timestamp>.<body>` under the channel's or webhook's own secret. Notification
 * channels and outgoing webhooks both send through here.
 */
export function postSigned(services: Services, post: SignedPost): Promise<AttemptResult> {
  const body = JSON.stringify(post.body);
  const timestamp = String(Math.floor(services.now().getTime() / 1000));
  return postJson(
    services,
    post.url,
    {
      [TIMESTAMP_HEADER]: timestamp,
      [SIGNATURE_HEADER]: signatureOf(post.secret, timestamp, body),
      [EVENT_ID_HEADER]: post.eventId,
      [DELIVERY_ID_HEADER]: post.deliveryId,
    },
    body,
  );
}

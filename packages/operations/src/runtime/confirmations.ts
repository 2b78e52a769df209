import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { FacilFlowError } from '@facilflow/contracts';
import { canonicalJson } from './canonical-json.ts';

/** What a confirmation token is bound to: the same caller asking the same thing of the same tenant. */
export interface ConfirmationBinding {
  operation: string;
  tenantId: string;
  actorId: string;
  input: unknown;
}

export interface Confirmations {
  issue(binding: ConfirmationBinding): { token: string; expiresAt: Date };
  /** Throws INVALID unless the token is genuine, unexpired, unused and bound to exactly this call. */
  consume(token: string, binding: ConfirmationBinding): void;
}

interface Payload {
  o: string;
  t: string;
  a: string;
  h: string;
  e: number;
  n: string;
}

/**
 * Stateless HMAC tokens with a nonce remembered until expiry so each is used once.
 * The nonce memory is per process: on several nodes a token could be replayed once per
 * node within its lifetime, still only by the same actor for the same input.
 */
export function createConfirmations(secret: string, now: () => Date, ttlMs = 5 * 60_000): Confirmations {
  const used = new Map<string, number>();
  const sign = (body: string) => createHmac('sha256', secret).update(body).digest('base64url');
  const digest = (input: unknown) => createHash('sha256').update(canonicalJson(input ?? {})).digest('base64url');

  return {
    issue(binding) {
      const expiresAt = new Date(now().getTime() + ttlMs);
      const payload: Payload = {
        o: binding.operation,
        t: binding.tenantId,
        a: binding.actorId,
        h: digest(binding.input),
        e: expiresAt.getTime(),
        n: randomBytes(12).toString('base64url'),
      };
      const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
      return { token: `${body}.${sign(body)}`, expiresAt };
    },
    consume(token, binding) {
      const [body, mac] = token.split('.');
      const expected = body ? sign(body) : '';
      if (!body || !mac || mac.length !== expected.length || !timingSafeEqual(Buffer.from(mac), Buffer.from(expected))) {
        throw new FacilFlowError('INVALID', 'Confirmation token is not genuine');
      }
      const payload = JSON.parse(Buffer.from(body, 'base64url').toString()) as Payload;
      const at = now().getTime();
      for (const [nonce, expiry] of used) if (expiry < at) used.delete(nonce);
      if (payload.e < at) throw new FacilFlowError('INVALID', 'Confirmation token has expired; ask again');
      if (used.has(payload.n)) throw new FacilFlowError('INVALID', 'Confirmation token was already used');
      if (
        payload.o !== binding.operation ||
        payload.t !== binding.tenantId ||
        payload.a !== binding.actorId ||
        payload.h !== digest(binding.input)
      ) {
        throw new FacilFlowError('INVALID', 'Confirmation token was issued for a different call');
      }
      used.set(payload.n, payload.e);
    },
  };
}

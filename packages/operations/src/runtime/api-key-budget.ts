import { FacilFlowError, type Front, type Principal } from '@facilflow/contracts';

export const DEFAULT_API_KEY_REQUESTS_PER_MINUTE = 600;

// In-process callers (the scheduler, the CLI on the operator's machine) are not what the limit guards against.
const UNCOUNTED_FRONTS: readonly Front[] = ['system', 'cli'];

export interface ApiKeyBudget {
  /** Takes one request from the calling API key's budget; throws RATE_LIMITED when there is none left. Other callers pass. */
  charge(principal: Principal, via: Front): void;
}

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * A token bucket per API key, in this process: `requestsPerMinute` at once at most, refilled
 * at that rate, so a key that floods one front cannot starve the others' tenants. With
 * several nodes each counts its own share. Keys are capped (`maxKeys`, the least recently
 * used dropped first); a dropped key starts again with a full bucket.
 */
export function createApiKeyBudget(requestsPerMinute: number, now: () => Date, maxKeys = 10_000): ApiKeyBudget {
  const perMs = requestsPerMinute / 60_000;
  const buckets = new Map<string, Bucket>();
  return {
    charge(principal, via) {
      const actor = principal.actor;
      if (actor.type !== 'apiKey' || UNCOUNTED_FRONTS.includes(via)) return;
      const key = `${principal.tenantId ?? ''}/${actor.keyId}`;
      const at = now().getTime();
      const previous = buckets.get(key);
      const tokens = previous ? Math.min(requestsPerMinute, previous.tokens + Math.max(0, at - previous.at) * perMs) : requestsPerMinute;
      buckets.delete(key);
      if (tokens < 1) {
        buckets.set(key, { tokens, at });
        const retryAfterSeconds = Math.max(1, Math.ceil((1 - tokens) / perMs / 1000));
        throw new FacilFlowError(
          'RATE_LIMITED',
          `API key ${actor.name} is over its limit of ${requestsPerMinute} requests per minute: try again in ${retryAfterSeconds} s`,
          { limit: 'apiKeyRequestsPerMinute', requestsPerMinute, retryAfterSeconds },
        );
      }
      // Re-inserted, so the map's order is the order keys were last used in.
      buckets.set(key, { tokens: tokens - 1, at });
      if (buckets.size > maxKeys) buckets.delete(buckets.keys().next().value as string);
    },
  };
}

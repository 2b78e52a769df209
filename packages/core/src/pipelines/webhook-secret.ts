import { hashSecret } from '@facilflow/auth/api-keys';
import { randomBytes } from 'node:crypto';

const hasWebhookTrigger = (spec: { triggers?: unknown[] | undefined }) =>
  (spec.triggers ?? []).some((trigger) => typeof trigger === 'object' && trigger !== null && (trigger as { type?: unknown }).type === 'webhook');

/**
 * A pipeline gets its webhook secret the first time its draft has a webhook trigger: shown
 * once to whoever saved that draft, stored as its SHA-256 only, never in the spec.
 */
export function issueWebhookSecretIfNeeded(spec: { triggers?: unknown[] | undefined }, currentHash: string | null): { secret: string; hash: string } | null {
  if (currentHash !== null || !hasWebhookTrigger(spec)) return null;
  const secret = `ffwh_${randomBytes(32).toString('base64url')}`;
  return { secret, hash: hashSecret(secret) };
}

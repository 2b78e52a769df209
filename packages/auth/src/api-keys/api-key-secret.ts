import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * A key reads `ffk_<id>_<secret>`: the id finds the row without a scan, the secret is
 * checked against its SHA-256. 32 random bytes make a slow hash pointless.
 */
const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';
const PATTERN = /^ffk_([a-z0-9]{16})_([A-Za-z0-9_-]{43})$/;

export interface IssuedApiKey {
  id: string;
  /** The whole key, shown to its creator once. */
  key: string;
  prefix: string;
  secretHash: string;
}

export function issueApiKey(): IssuedApiKey {
  const id = Array.from(randomBytes(16), (b) => ID_ALPHABET[b & 31]).join('');
  const secret = randomBytes(32).toString('base64url');
  return { id, key: `ffk_${id}_${secret}`, prefix: `ffk_${id}_${secret.slice(0, 4)}`, secretHash: hashSecret(secret) };
}

export function looksLikeApiKey(token: string): boolean {
  return token.startsWith('ffk_');
}

export function parseApiKey(key: string): { id: string; secret: string } | null {
  const m = PATTERN.exec(key);
  return m && m[1] && m[2] ? { id: m[1], secret: m[2] } : null;
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function secretMatches(secret: string, storedHash: string): boolean {
  const a = Buffer.from(hashSecret(secret), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

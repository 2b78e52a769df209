import { createHmac, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '@facilflow/config';

/** The running server's backup endpoint: answered on loopback only, to whoever proves they can read the data dir's secret. */
export const LOCAL_BACKUP_PATH = '/_local/backup';

/**
 * What the CLI presents to the local backup endpoint. It is derived from the secret rather than
 * the secret itself, so the key that signs confirmation tokens never travels, even over loopback.
 */
export function localControlToken(secret: string): string {
  return createHmac('sha256', secret).update('facilflow local control: backup v1').digest('hex');
}

export function isLocalControlToken(secret: string, presented: string): boolean {
  const expected = Buffer.from(localControlToken(secret));
  const given = Buffer.from(presented);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The server's secret as the CLI can read it: FACILFLOW_SECRET, or the data dir's generated one (never created here). */
export function readLocalSecret(config: Config): string | undefined {
  if (config.secret) return config.secret;
  try {
    return readFileSync(join(config.dataDir, 'secret'), 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

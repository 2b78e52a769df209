import { unstorableTextReason, type DeadLetter } from '@facilflow/contracts';
import type { TenantScope } from '@facilflow/contracts';
import type { Services } from '../services.ts';
import { findDeadLetterRow } from './find-dead-letter.ts';
import { payloadOf, readDetails, toDeadLetter } from './to-dead-letter.ts';

export interface DeadLetterInDetail extends DeadLetter {
  rejections: Array<{ at: number; reasons: string[] }>;
  payload: string;
  payloadEncoding: 'utf8' | 'base64';
  payloadShownBytes: number;
}

/**
 * One dead letter with the first refused points and the start of its payload: text when it
 * is UTF-8 without a NUL, base64 otherwise, so what a caller shows or keeps (a conversation,
 * an audit record) is never text a store refuses.
 */
export async function getDeadLetter(services: Services, scope: TenantScope, input: { id: string; payloadBytes: number }): Promise<DeadLetterInDetail> {
  const row = await services.db.withTenant(scope.tenantId, (tx) => findDeadLetterRow(tx, input.id));
  const payload = payloadOf(row);
  const shown = payload.subarray(0, input.payloadBytes);
  const decoded = utf8(shown, shown.length < payload.length);
  const text = decoded !== undefined && unstorableTextReason(decoded) === null ? decoded : undefined;
  return {
    ...toDeadLetter(row),
    rejections: readDetails(row).examples,
    payload: text ?? shown.toString('base64'),
    payloadEncoding: text === undefined ? 'base64' : 'utf8',
    payloadShownBytes: shown.length,
  };
}

/** The bytes as text if they are UTF-8 (a cut may split the last character: up to 3 trailing bytes are dropped then). */
function utf8(bytes: Buffer, cut: boolean): string | undefined {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  for (let drop = 0; drop <= (cut ? 3 : 0) && drop <= bytes.length; drop++) {
    try {
      return decoder.decode(bytes.subarray(0, bytes.length - drop));
    } catch {
      // try without the last byte(s)
    }
  }
  return undefined;
}

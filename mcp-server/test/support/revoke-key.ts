import { isFacilFlowError } from '@facilflow/contracts';
import type { Principal } from '@facilflow/contracts';
import type { TestPlatform } from '@facilflow/testkit';
import { apiKeyId } from './mcp-clients.ts';

/** Revokes a key through the registry the way the web app does: ask, then confirm with the token. */
export async function revokeKey(t: TestPlatform, owner: Principal, key: string): Promise<void> {
  const input = { id: apiKeyId(key) };
  const confirmationToken = await t.call(owner, 'apiKeys.revoke', input).then(
    () => {
      throw new Error('apiKeys.revoke applied without confirmation');
    },
    (error: unknown) => {
      if (isFacilFlowError(error) && error.code === 'NEEDS_CONFIRMATION') return error.details?.confirmationToken;
      throw error;
    },
  );
  await t.call(owner, 'apiKeys.revoke', { ...input, confirmationToken });
}

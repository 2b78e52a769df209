import { useEffect, useState } from 'react';
import { useSettings } from '../lib/settings.ts';
import { currentIdToken } from './firebase.client.ts';

/**
 * After the server changed this person's tenant claims (a tenant created or switched to),
 * fetches a fresh ID token that carries them; the session sync hands it to the server.
 */
export function useClaimsRefresh(result: { refreshClaims: boolean } | undefined): { refreshing: boolean; problem: string | null } {
  const { projectId, apiKey, authEmulatorUrl } = useSettings().firebase;
  const [refreshing, setRefreshing] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    if (!result?.refreshClaims) return;
    setRefreshing(true);
    setProblem(null);
    currentIdToken({ projectId, apiKey, authEmulatorUrl }, true)
      .catch((error: unknown) => setProblem(`Could not refresh your sign-in: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => setRefreshing(false));
  }, [result, projectId, apiKey, authEmulatorUrl]);
  return { refreshing, problem };
}

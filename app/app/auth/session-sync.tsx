import { useRevalidator } from '@remix-run/react';
import { useEffect, useRef, useState } from 'react';
import type { FirebaseSettings } from '../lib/settings.ts';
import { postSession } from './post-session.ts';
import { watchIdToken } from './firebase.client.ts';

interface Props {
  firebase: FirebaseSettings;
  /** Whom the server's session cookie names, as of the last page data. */
  serverUid: string | null;
  serverExpired: boolean;
}

/**
 * Keeps the server's session cookie in step with the browser's Firebase session: sign-in,
 * sign-out and every token refresh (hourly, or forced after a tenant change) post the
 * current ID token to /session, and the page data is reloaded when the caller changed.
 */
export function SessionSync({ firebase, serverUid, serverExpired }: Props) {
  const { revalidate } = useRevalidator();
  const latest = useRef({ revalidate, serverUid, serverExpired });
  latest.current = { revalidate, serverUid, serverExpired };
  const [problem, setProblem] = useState<string | null>(null);
  const { projectId, apiKey, authEmulatorUrl } = firebase;

  useEffect(() => {
    let first = true;
    let active = true;
    const unsubscribe = watchIdToken({ projectId, apiKey, authEmulatorUrl }, (user) => {
      const initial = first;
      first = false;
      const server = latest.current;
      // On page load the cookie usually already says the same thing as the browser.
      if (initial && !server.serverExpired && (user?.uid ?? null) === server.serverUid) return;
      void (async () => {
        try {
          const answer = await postSession(user ? await user.getIdToken() : null);
          if (!active) return;
          setProblem(answer.problem);
          if (answer.refreshClaims && user) await user.getIdToken(true);
          else if (answer.changed) latest.current.revalidate();
        } catch (error) {
          if (active) setProblem(error instanceof Error ? error.message : String(error));
        }
      })();
    });
    return () => {
      active = false;
      unsubscribe();
    };
  }, [projectId, apiKey, authEmulatorUrl]);

  return problem ? (
    <div className="banner problem" role="alert" data-testid="session-error">
      Signing in with the server failed: {problem}
    </div>
  ) : null;
}

import type { Actor } from '@facilflow/contracts';
import type { WebSession } from '../../server/web-context.ts';
import { SessionSync } from '../auth/session-sync.tsx';
import type { WebSettings } from '../lib/settings.ts';
import { PENDING_COUNT_LIMIT } from '../lib/pending-approvals.ts';
import { SignOutButton } from './sign-out-button.tsx';

interface Props {
  settings: WebSettings;
  sessionKind: WebSession['kind'];
  viewer: Pick<Extract<Actor, { type: 'user' }>, 'uid' | 'email'> | null;
  /** Requests waiting for a person in the viewer's tenant; null without one. */
  pendingApprovals: number | null;
}

export function AppHeader({ settings, sessionKind, viewer, pendingApprovals }: Props) {
  return (
    <>
      <header className="topbar">
        <a className="brand" href="/">
          <span className="brand-mark" aria-hidden="true" />
          FacilFlow
        </a>
        {settings.firebase.authEmulatorUrl ? (
          <span className="badge" title={`Sign-in runs against the Firebase Auth emulator at ${settings.firebase.authEmulatorUrl}`}>
            Auth emulator
          </span>
        ) : null}
        {pendingApprovals === null ? null : (
          <nav className="nav">
            <a href="/jarvis" data-testid="nav-jarvis">
              Jarvis
            </a>
            <a href="/approvals" data-testid="nav-approvals">
              Approvals{' '}
              <span className={pendingApprovals > 0 ? 'count pending' : 'count'} data-testid="pending-approvals-count">
                {pendingApprovals >= PENDING_COUNT_LIMIT ? `${PENDING_COUNT_LIMIT}+` : pendingApprovals}
              </span>
            </a>
          </nav>
        )}
        <span className="spacer" />
        {viewer ? (
          <>
            <span className="muted" data-testid="signed-in-email">
              {viewer.email ?? viewer.uid}
            </span>
            <SignOutButton firebase={settings.firebase} />
          </>
        ) : null}
      </header>
      <SessionSync firebase={settings.firebase} serverUid={viewer?.uid ?? null} serverExpired={sessionKind === 'expired'} />
    </>
  );
}

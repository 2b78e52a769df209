import { useState } from 'react';
import { signOutOfFirebase } from '../auth/firebase.client.ts';
import type { FirebaseSettings } from '../lib/settings.ts';

/** Signing out of Firebase is enough: the session sync then clears the server's cookie. */
export function SignOutButton({ firebase }: { firebase: FirebaseSettings }) {
  const [busy, setBusy] = useState(false);
  return (
    <button
      type="button"
      className="button ghost"
      data-testid="sign-out"
      disabled={busy}
      onClick={() => {
        setBusy(true);
        signOutOfFirebase(firebase).finally(() => setBusy(false));
      }}
    >
      Sign out
    </button>
  );
}

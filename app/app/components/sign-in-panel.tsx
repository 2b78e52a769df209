import { useEffect, useState, type FormEvent } from 'react';
import { authErrorMessage } from '../auth/auth-error-message.ts';
import { signIn, signUp } from '../auth/firebase.client.ts';
import { useSettings } from '../lib/settings.ts';

type Mode = 'sign-in' | 'sign-up';

export function SignInPanel({ expired }: { expired: boolean }) {
  const { firebase } = useSettings();
  const [mode, setMode] = useState<Mode>('sign-in');
  const [state, setState] = useState<'idle' | 'busy' | 'done'>('idle');
  const [problem, setProblem] = useState<string | null>(null);
  // Until React runs the buttons would misfire: a submit would post the password to the server as a plain form.
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = String(form.get('email') ?? '').trim();
    const password = String(form.get('password') ?? '');
    setState('busy');
    setProblem(null);
    try {
      await (mode === 'sign-in' ? signIn : signUp)(firebase, email, password);
      // The session sync takes it from here and reloads the page data.
      setState('done');
    } catch (error) {
      setProblem(authErrorMessage(error, firebase.authEmulatorUrl));
      setState('idle');
    }
  };

  const signingUp = mode === 'sign-up';
  return (
    <section className="card narrow">
      <h1>{signingUp ? 'Create your account' : 'Sign in to FacilFlow'}</h1>
      <p className="muted">
        {expired ? 'Your session has expired: it comes back by itself if this browser is still signed in, otherwise sign in again. ' : ''}
        Industrial DataOps for your plants: connect machines, build pipelines and let Claude work with your data.
      </p>
      <form method="post" onSubmit={submit} className="stack">
        <label>
          Email
          <input name="email" type="email" autoComplete="email" required data-testid="auth-email" />
        </label>
        <label>
          Password
          <input
            name="password"
            type="password"
            autoComplete={signingUp ? 'new-password' : 'current-password'}
            minLength={6}
            required
            data-testid="auth-password"
          />
        </label>
        <button type="submit" className="button primary" disabled={!hydrated || state !== 'idle'} data-testid="auth-submit">
          {state === 'busy' ? 'Please wait…' : state === 'done' ? 'Opening your workspace…' : signingUp ? 'Create account' : 'Sign in'}
        </button>
        {problem ? (
          <p className="problem" role="alert" data-testid="auth-error">
            {problem}
          </p>
        ) : null}
      </form>
      <p className="switch-mode">
        {signingUp ? 'Already have an account?' : 'New to FacilFlow?'}{' '}
        <button
          type="button"
          className="link"
          disabled={!hydrated}
          data-testid="auth-mode-toggle"
          onClick={() => {
            setMode(signingUp ? 'sign-in' : 'sign-up');
            setProblem(null);
          }}
        >
          {signingUp ? 'Sign in' : 'Create an account'}
        </button>
      </p>
    </section>
  );
}

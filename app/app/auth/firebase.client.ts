import { getApps, initializeApp } from 'firebase/app';
import {
  browserLocalPersistence,
  connectAuthEmulator,
  createUserWithEmailAndPassword,
  getAuth,
  indexedDBLocalPersistence,
  initializeAuth,
  onIdTokenChanged,
  signInWithEmailAndPassword,
  signOut,
  type Auth,
  type User,
} from 'firebase/auth';
import type { FirebaseSettings } from '../lib/settings.ts';

function auth(settings: FirebaseSettings): Auth {
  const existing = getApps()[0];
  if (existing) return getAuth(existing);
  const app = initializeApp({ apiKey: settings.apiKey, projectId: settings.projectId, authDomain: `${settings.projectId}.firebaseapp.com` });
  // No popup/redirect resolver: email and password need none, and it would load Google scripts.
  const created = initializeAuth(app, { persistence: [indexedDBLocalPersistence, browserLocalPersistence] });
  if (settings.authEmulatorUrl) connectAuthEmulator(created, settings.authEmulatorUrl, { disableWarnings: true });
  return created;
}

export function watchIdToken(settings: FirebaseSettings, listener: (user: User | null) => void): () => void {
  return onIdTokenChanged(auth(settings), listener);
}

export async function signIn(settings: FirebaseSettings, email: string, password: string): Promise<void> {
  await signInWithEmailAndPassword(auth(settings), email, password);
}

export async function signUp(settings: FirebaseSettings, email: string, password: string): Promise<void> {
  await createUserWithEmailAndPassword(auth(settings), email, password);
}

export async function signOutOfFirebase(settings: FirebaseSettings): Promise<void> {
  await signOut(auth(settings));
}

/** The current ID token; `refresh` fetches a new one so claims set since (tid, role) are in it. */
export async function currentIdToken(settings: FirebaseSettings, refresh = false): Promise<string | null> {
  const user = auth(settings).currentUser;
  return user ? user.getIdToken(refresh) : null;
}

import { createFirestoreDirectory } from '@facilflow/auth/directory';
import { createFirebaseIdentity } from '@facilflow/auth/firebase';
import { initializeApp } from 'firebase-admin/app';
import { getFirestore } from 'firebase-admin/firestore';
import type { UserCreatedDependencies } from './handle-user-created.ts';

let wired: UserCreatedDependencies | undefined;

/**
 * The handlers' dependencies in a Firebase deployment, where the tenant directory lives in
 * Firestore (TENANT_DIRECTORY=firestore). Built on the first event rather than at import,
 * because the Functions runtime and tests import the module to discover the triggers.
 */
export function firebaseDependencies(): UserCreatedDependencies {
  wired ??= wire(process.env);
  return wired;
}

function wire(env: NodeJS.ProcessEnv): UserCreatedDependencies {
  const projectId = projectIdFrom(env);
  const authEmulatorHost = env.FIREBASE_AUTH_EMULATOR_HOST;
  const identity = createFirebaseIdentity({
    projectId,
    // Only browsers use the web API key; nothing here signs a user in.
    webApiKey: '',
    emulator: authEmulatorHost ? { host: authEmulatorHost } : undefined,
    firestoreEmulatorHost: env.FIRESTORE_EMULATOR_HOST,
  });
  const app = initializeApp({ projectId }, 'facilflow-functions');
  return { directory: createFirestoreDirectory(getFirestore(app)), claims: identity, now: () => new Date() };
}

/** Firebase sets FIREBASE_CONFIG for deployed functions and the emulator; GCLOUD_PROJECT is the older form. */
function projectIdFrom(env: NodeJS.ProcessEnv): string {
  const fromConfig: unknown = env.FIREBASE_CONFIG ? JSON.parse(env.FIREBASE_CONFIG) : undefined;
  const projectId =
    typeof fromConfig === 'object' && fromConfig !== null && 'projectId' in fromConfig && typeof fromConfig.projectId === 'string'
      ? fromConfig.projectId
      : env.GCLOUD_PROJECT;
  if (!projectId) throw new Error('No Firebase project: neither FIREBASE_CONFIG nor GCLOUD_PROJECT is set');
  return projectId;
}

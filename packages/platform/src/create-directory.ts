import { randomUUID } from 'node:crypto';
import type { Config } from '@facilflow/config';
import { createFirestoreDirectory, createPostgresDirectory, type TenantDirectory } from '@facilflow/auth/directory';
import type { Database } from '@facilflow/db/client';
import { deleteApp, initializeApp } from 'firebase-admin/app';
import { getFirestore } from 'firebase-admin/firestore';

/** Postgres by default; Firestore for Firebase deployments (server side only, via firebase-admin). */
export function createDirectory(config: Config, db: Database): { directory: TenantDirectory; close(): Promise<void> } {
  if (config.directory === 'postgres') return { directory: createPostgresDirectory(db), close: async () => undefined };
  if (config.firebase.firestoreEmulatorHost) {
    process.env.FIRESTORE_EMULATOR_HOST = config.firebase.firestoreEmulatorHost;
    // Without credentials the Google client would probe the cloud metadata server, off this machine.
    process.env.METADATA_SERVER_DETECTION = 'none';
  }
  const app = initializeApp({ projectId: config.firebase.projectId }, `facilflow-directory-${randomUUID()}`);
  return { directory: createFirestoreDirectory(getFirestore(app)), close: () => deleteApp(app) };
}

import { FirestoreServer } from '@firestore-emulator/server';
import { freePort } from '@facilflow/testkit';
import { deleteApp, initializeApp } from 'firebase-admin/app';
import type { App } from 'firebase-admin/app';
import { getFirestore } from 'firebase-admin/firestore';
import type { Firestore } from 'firebase-admin/firestore';
import { afterAll, beforeAll } from 'vitest';
import { createFirestoreDirectory } from '../../src/directory/index.ts';
import { describeTenantDirectoryContract } from './tenant-directory.contract.ts';

let server: FirestoreServer;
let app: App;
let firestore: Firestore;

beforeAll(async () => {
  server = new FirestoreServer();
  const port = await freePort();
  await server.start(port);
  // Read by the Firestore client when it is created; this file runs in its own process.
  process.env.FIRESTORE_EMULATOR_HOST = `127.0.0.1:${port}`;
  // Without credentials the client looks for Google's metadata server, off this machine.
  process.env.METADATA_SERVER_DETECTION = 'none';
  app = initializeApp({ projectId: 'demo-facilflow-directory' }, 'firestore-directory-test');
  firestore = getFirestore(app);
});

afterAll(async () => {
  await firestore?.terminate();
  if (app) await deleteApp(app);
  server?.stop();
});

describeTenantDirectoryContract('firestore (@firestore-emulator/server)', async () => {
  server.state.clear();
  return { directory: createFirestoreDirectory(firestore), teardown: async () => undefined };
});

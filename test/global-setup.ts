import { startAuthEmulator, type AuthEmulator } from '@facilflow/auth/firebase';

export const TEST_PROJECT_ID = 'demo-facilflow-test';

let emulator: AuthEmulator | undefined;

/** One Auth emulator for the whole run; every test file reaches it through FF_TEST_AUTH_EMULATOR_HOST. */
export async function setup(): Promise<void> {
  if (process.env.FF_TEST_AUTH_EMULATOR_HOST) return;
  emulator = await startAuthEmulator({ projectId: TEST_PROJECT_ID });
  process.env.FF_TEST_AUTH_EMULATOR_HOST = emulator.host;
  process.env.FF_TEST_PROJECT_ID = TEST_PROJECT_ID;
}

export async function teardown(): Promise<void> {
  await emulator?.stop();
}

import { ConfigError, type Config } from '@facilflow/config';
import { FacilFlowError } from '@facilflow/contracts';

const VARIABLE = 'FIREBASE_AUTH_EMULATOR_HOST';

/**
 * Points firebase-admin at the emulator, or makes sure it is not pointed there.
 * Refuses an emulator for a real project: emulator tokens are unsigned.
 */
export function routeFirebaseAdmin(firebase: Config['firebase']): void {
  if (firebase.emulator === undefined) {
    // Left set, firebase-admin would accept unsigned tokens for a real project.
    delete process.env[VARIABLE];
    return;
  }
  if (!firebase.projectId.startsWith('demo-')) {
    throw new ConfigError(
      VARIABLE,
      `is set while the Firebase project "${firebase.projectId}" is a real project; emulator tokens are unsigned`,
    );
  }
  process.env[VARIABLE] = firebase.emulator.host;
}

/**
 * firebase-admin reads FIREBASE_AUTH_EMULATOR_HOST from process.env on every call, so the
 * setting is process-wide: refuse to act if something has changed it since this identity
 * was created (for instance a second identity with different settings in the same process).
 */
export function assertRouting(firebase: Config['firebase']): void {
  const current = process.env[VARIABLE];
  const expected = firebase.emulator?.host;
  if (current === expected || (expected === undefined && current === '')) return;
  throw new FacilFlowError(
    'INTERNAL',
    `${VARIABLE} is "${current ?? ''}" but this Firebase identity expects ${expected === undefined ? 'it unset' : `"${expected}"`}; ` +
      'identities with different emulator settings cannot share a process',
  );
}

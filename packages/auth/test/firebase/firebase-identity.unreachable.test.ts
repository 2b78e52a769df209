import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFirebaseIdentity, type FirebaseIdentity } from '../../src/firebase/index.ts';
import { freePorts } from '../../src/firebase/free-ports.ts';
import { emulatorFirebaseConfig } from './fixtures.ts';

// Its own file: it points the process-wide FIREBASE_AUTH_EMULATOR_HOST at a closed port.
const PROJECT = 'demo-facilflow';

let identity: FirebaseIdentity;

beforeAll(async () => {
  const [closedPort] = await freePorts(1);
  identity = createFirebaseIdentity(emulatorFirebaseConfig(PROJECT, `127.0.0.1:${closedPort}`));
});

afterAll(async () => {
  await identity?.close();
});

/** A well-formed emulator-style token, so only the revocation lookup can fail. */
function unsignedToken(): string {
  const now = Math.floor(Date.now() / 1000);
  const encode = (part: object): string => Buffer.from(JSON.stringify(part)).toString('base64url');
  const payload = {
    aud: PROJECT,
    iss: `https://securetoken.google.com/${PROJECT}`,
    sub: 'some-user',
    user_id: 'some-user',
    auth_time: now,
    iat: now,
    exp: now + 3600,
  };
  return `${encode({ alg: 'none', typ: 'JWT' })}.${encode(payload)}.`;
}

describe('when Firebase Auth cannot be reached', () => {
  it('answers UNAVAILABLE rather than blaming the token', async () => {
    await expect(identity.verifyIdToken(unsignedToken())).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      details: { firebaseCode: 'app/network-error' },
    });
  });

  it('answers UNAVAILABLE for user administration', async () => {
    await expect(identity.getUserByEmail('someone@example.com')).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    await expect(identity.setTenantClaims('some-user', null)).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });
});

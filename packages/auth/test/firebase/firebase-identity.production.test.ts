import { request } from 'node:http';
import type { Config } from '@facilflow/config';
import { ConfigError } from '@facilflow/config';
import { FacilFlowError } from '@facilflow/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createAuthEmulatorClient,
  createFirebaseIdentity,
  startAuthEmulator,
  type AuthEmulator,
  type FirebaseIdentity,
} from '../../src/firebase/index.ts';
import { freePorts } from '../../src/firebase/free-ports.ts';
import { PASSWORD, uniqueEmail } from './fixtures.ts';
import { watchOutgoingRequests } from './outgoing-requests.ts';
import { jwtHeader, reshapedToken } from './unsigned-jwt.ts';

// Its own file: FIREBASE_AUTH_EMULATOR_HOST is process-wide and vitest isolates files.
const VARIABLE = 'FIREBASE_AUTH_EMULATOR_HOST';
const PRODUCTION: Config['firebase'] = {
  projectId: 'acme-prod',
  webApiKey: 'AIza-not-a-real-key',
  emulator: undefined,
  firestoreEmulatorHost: undefined,
};

let emulator: AuthEmulator;
let emulatorToken: string;
let identity: FirebaseIdentity;

beforeAll(async () => {
  // Only to obtain genuine emulator-issued tokens; the identity under test never talks to it.
  emulator = await startAuthEmulator({ projectId: 'demo-facilflow' });
  const client = createAuthEmulatorClient({ host: emulator.host, projectId: emulator.projectId });
  emulatorToken = (await client.signUp(uniqueEmail('intruder'), PASSWORD)).idToken;
  process.env[VARIABLE] = emulator.host;
  identity = createFirebaseIdentity(PRODUCTION);
}, 120_000);

afterAll(async () => {
  await identity?.close();
  await emulator?.stop();
});

/** Verifies and reports the refusal plus how many HTTP requests went out meanwhile. */
async function refusalWithoutNetwork(token: string): Promise<{ error: FacilFlowError; requests: number }> {
  const watch = watchOutgoingRequests();
  try {
    const error: unknown = await identity.verifyIdToken(token).then(
      () => undefined,
      (e: unknown) => e,
    );
    if (!(error instanceof FacilFlowError)) throw new Error(`expected a FacilFlowError, got ${String(error)}`);
    return { error, requests: watch.count() };
  } finally {
    watch.stop();
  }
}

describe('production mode', () => {
  it('clears an inherited FIREBASE_AUTH_EMULATOR_HOST', () => {
    expect(process.env[VARIABLE]).toBeUndefined();
  });

  it('refuses an emulator-issued token without any network access', async () => {
    expect(jwtHeader(emulatorToken)).toEqual({ alg: 'none', typ: 'JWT' });

    const { error, requests } = await refusalWithoutNetwork(emulatorToken);

    expect(error.code).toBe('UNAUTHENTICATED');
    expect(error.message).toMatch(/not signed by Firebase/);
    expect(requests).toBe(0);
  });

  it('refuses an unsigned token made out for the production project, without network access', async () => {
    const forProduction = reshapedToken(emulatorToken, {
      aud: 'acme-prod',
      iss: 'https://securetoken.google.com/acme-prod',
    });

    const { error, requests } = await refusalWithoutNetwork(forProduction);

    expect(error.code).toBe('UNAUTHENTICATED');
    expect(error.message).toMatch(/not signed by Firebase/);
    expect(requests).toBe(0);
  });

  it('refuses an unsigned token that names a key id, on its algorithm, without network access', async () => {
    const withKeyId = reshapedToken(
      emulatorToken,
      { aud: 'acme-prod', iss: 'https://securetoken.google.com/acme-prod' },
      { alg: 'none', typ: 'JWT', kid: 'made-up-key' },
    );

    const { error, requests } = await refusalWithoutNetwork(withKeyId);

    expect(error.code).toBe('UNAUTHENTICATED');
    expect(error.message).toMatch(/not signed by Firebase/);
    expect(requests).toBe(0);
  });

  it('the request watch does see outgoing requests (control for the zero counts above)', async () => {
    const [closedPort] = await freePorts(1);
    const watch = watchOutgoingRequests();
    try {
      await new Promise<void>((resolve) => {
        const req = request({ host: '127.0.0.1', port: closedPort, path: '/' });
        req.on('error', () => resolve());
        req.on('response', () => resolve());
        req.end();
      });
      expect(watch.count()).toBe(1);
    } finally {
      watch.stop();
    }
  });

  it('refuses to work if the emulator variable is set after creation', async () => {
    process.env[VARIABLE] = emulator.host;
    try {
      await expect(identity.verifyIdToken(emulatorToken)).rejects.toMatchObject({ code: 'INTERNAL' });
      await expect(identity.getUserByEmail('someone@example.com')).rejects.toMatchObject({ code: 'INTERNAL' });
    } finally {
      delete process.env[VARIABLE];
    }
  });

  it('refuses an emulator host for a real project', () => {
    const before = process.env[VARIABLE];

    expect(() => createFirebaseIdentity({ ...PRODUCTION, emulator: { host: emulator.host } })).toThrow(ConfigError);
    expect(process.env[VARIABLE]).toBe(before);
  });
});

import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createAuthEmulatorClient,
  startAuthEmulator,
  type AuthEmulator,
  type AuthEmulatorClient,
} from '../../src/firebase/index.ts';
import { freePorts } from '../../src/firebase/free-ports.ts';
import { PASSWORD, uniqueEmail } from './fixtures.ts';

const PROJECT = 'demo-facilflow';

async function answers(host: string): Promise<boolean> {
  try {
    const response = await fetch(`http://${host}/`);
    return response.ok;
  } catch {
    return false;
  }
}

describe('startAuthEmulator', () => {
  it('refuses a project that is not a demo-* project', async () => {
    await expect(startAuthEmulator({ projectId: 'acme-prod' })).rejects.toThrow(/demo-\* projects/);
  });

  it('reports the output of a firebase-tools process that exits early', async () => {
    // Drops every connection, so the readiness probe fails fast and close() has nothing to wait for.
    const blocker: Server = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const address = blocker.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    try {
      await expect(startAuthEmulator({ projectId: PROJECT, port: address.port })).rejects.toThrow(
        /exited with code \d+ before it was ready\. Last output:\n.*\S/s,
      );
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  }, 60_000);

  it('gives up after the ready timeout, with the output so far', async () => {
    await expect(startAuthEmulator({ projectId: PROJECT, readyTimeoutMs: 1 })).rejects.toThrow(
      /did not answer on 127\.0\.0\.1:\d+ within 1 ms\. Last output:/,
    );
  });

  it('serves on the requested port until stopped', async () => {
    const [port] = await freePorts(1);
    const emulator = await startAuthEmulator({ projectId: PROJECT, port });
    try {
      expect(emulator).toMatchObject({ host: `127.0.0.1:${port}`, projectId: PROJECT });
      expect(await answers(emulator.host)).toBe(true);
    } finally {
      await emulator.stop();
    }
    expect(await answers(emulator.host)).toBe(false);
    await expect(emulator.stop()).resolves.toBeUndefined();
  }, 120_000);
});

describe('createAuthEmulatorClient', () => {
  let emulator: AuthEmulator;
  let client: AuthEmulatorClient;

  beforeAll(async () => {
    emulator = await startAuthEmulator({ projectId: PROJECT });
    client = createAuthEmulatorClient({ host: emulator.host, projectId: PROJECT });
  }, 120_000);

  afterAll(async () => {
    await emulator?.stop();
  });

  it('signs up, signs in and refreshes the same user', async () => {
    const email = uniqueEmail('erin');
    const signedUp = await client.signUp(email, PASSWORD);
    const signedIn = await client.signIn(email, PASSWORD);
    const refreshed = await client.refresh(signedIn.refreshToken);

    expect(signedIn.uid).toBe(signedUp.uid);
    expect(refreshed.split('.')).toHaveLength(3);
  });

  it('maps refusals to FacilFlowError codes', async () => {
    const email = uniqueEmail('frank');
    await client.signUp(email, PASSWORD);

    await expect(client.signUp(email, PASSWORD)).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(client.signIn(email, 'wrong-password')).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(client.refresh('not-a-refresh-token')).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('deletes all users', async () => {
    const email = uniqueEmail('gina');
    await client.signUp(email, PASSWORD);

    await client.deleteAllUsers();

    await expect(client.signIn(email, PASSWORD)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('answers UNAVAILABLE when the emulator is not there', async () => {
    const [closedPort] = await freePorts(1);
    const absent = createAuthEmulatorClient({ host: `127.0.0.1:${closedPort}`, projectId: PROJECT });

    await expect(absent.signIn('x@example.com', PASSWORD)).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });
});

import { rm } from 'node:fs/promises';
import { createTestPlatform, freePort, type TestPlatform } from '@facilflow/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type FacilFlowServer } from '../server/create-server.ts';
import { rawRequest } from '@facilflow/testkit/raw-request';

let t: TestPlatform;
let server: FacilFlowServer;
let port: number;

beforeAll(async () => {
  port = await freePort();
  t = await createTestPlatform({
    FACILFLOW_HTTP_PORT: String(port),
    FACILFLOW_PUBLIC_URL: 'https://facilflow.example.com',
    FACILFLOW_ALLOWED_HOSTS: 'facilflow.lan,gateway.lan:8443',
  });
  server = await createServer({ config: t.platform.config, platform: t.platform, runtime: t.runtime });
});
afterAll(async () => {
  await server?.close();
  await t?.close();
  if (t) await rm(t.platform.config.dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
});

/** What the server answers a request with exactly these headers; a tRPC call without a bearer is a 401 once it gets through. */
async function statusFor(path: string, headers: Record<string, string>): Promise<number> {
  return (await rawRequest({ url: `${server.url}${path}`, headers })).status;
}

describe('Host allow-list', () => {
  it('serves the loopback names on the listening port, the public URL host and the configured hosts', async () => {
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`, `[::1]:${port}`, 'facilflow.example.com', 'facilflow.lan', `facilflow.lan:${port}`, 'gateway.lan:8443']) {
      expect(await statusFor('/api/trpc/tenants.get', { host }), host).toBe(401);
    }
  });

  it('answers any other Host with 421 on every front, before anything else', async () => {
    for (const host of [`rebind.attacker.example:${port}`, `localhost:${port + 1}`, 'facilflow.example.com:8080', 'gateway.lan', `127.0.0.2:${port}`]) {
      for (const path of ['/api/trpc/tenants.get', '/mcp', '/api/agents/enroll', '/']) {
        expect(await statusFor(path, { host }), `${host} ${path}`).toBe(421);
      }
      // Engine.IO answers every refused handshake with 403.
      expect(await statusFor('/socket.io/?EIO=4&transport=polling', { host }), host).toBe(403);
    }
    const res = await rawRequest({ url: `${server.url}/api/trpc/tenants.get`, headers: { host: 'rebind.attacker.example' } });
    expect(JSON.parse(res.text)).toMatchObject({ message: expect.stringMatching(/Host "rebind\.attacker\.example" .*FACILFLOW_ALLOWED_HOSTS/) });
  });

  it('keeps the health probe reachable by address', async () => {
    expect(await statusFor('/healthz', { host: '10.1.2.3:80' })).toBe(200);
  });
});

describe('Origin allow-list', () => {
  it('serves requests without an Origin and from the allowed origins', async () => {
    expect(await statusFor('/api/trpc/tenants.get', {})).toBe(401);
    for (const origin of [`http://127.0.0.1:${port}`, `http://localhost:${port}`, 'https://facilflow.example.com', 'http://facilflow.lan:3000']) {
      expect(await statusFor('/api/trpc/tenants.get', { origin }), origin).toBe(401);
    }
  });

  it('answers a foreign Origin with 403, on HTTP and on the Socket.IO handshake', async () => {
    for (const origin of ['http://rebind.attacker.example', `http://localhost:${port + 1}`, 'null', 'https://facilflow.example.com.attacker.example']) {
      for (const path of ['/api/trpc/tenants.get', '/mcp', '/']) expect(await statusFor(path, { origin }), `${origin} ${path}`).toBe(403);
      expect(await statusFor('/socket.io/?EIO=4&transport=polling', { origin }), origin).toBe(403);
    }
    expect(await statusFor('/socket.io/?EIO=4&transport=polling', { origin: `http://127.0.0.1:${port}` })).toBe(200);
  });

  it('refuses a WebSocket upgrade from a foreign Origin', async () => {
    const upgrade = async (origin: string) =>
      (
        await rawRequest({
          url: `${server.url}/socket.io/?EIO=4&transport=websocket`,
          headers: { connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==', origin },
        })
      ).status;
    expect(await upgrade(`http://localhost:${port}`)).toBe(101);
    // Engine.IO aborts a refused upgrade with a 400 of its own; what matters is that it is no 101.
    expect(await upgrade('http://rebind.attacker.example')).not.toBe(101);
    expect(await upgrade(`http://localhost:${port + 1}`)).not.toBe(101);
  });
});

import { createTestPlatform, freePort, induceWasmTrap, testDatabaseKind, type TestPlatform, type TestTenant } from '@facilflow/testkit';
import type { Principal } from '@facilflow/contracts';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type FacilFlowServer } from '../server/create-server.ts';
import { assertMayJoin } from '../server/realtime/admission.ts';
import { LIVE_NAMESPACES } from '../server/realtime/live-namespaces.ts';

let t: TestPlatform;
let server: FacilFlowServer;
let plant: TestTenant;
const sockets: Socket[] = [];

beforeAll(async () => {
  t = await createTestPlatform({ FACILFLOW_HTTP_PORT: String(await freePort()) });
  server = await createServer({ config: t.platform.config, platform: t.platform, runtime: t.runtime });
  plant = await t.createTenant('Admission Plant');
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await server?.close();
  await t?.close();
});

/** What the client is told: the connect_error message, or "connected". */
function outcome(namespace: string, token: string | undefined): Promise<string> {
  const socket = io(`${server.url}${namespace}`, { auth: token ? { token } : {}, transports: ['websocket'], reconnection: false });
  sockets.push(socket);
  return new Promise((resolve) => {
    socket.once('connect', () => resolve('connected'));
    socket.once('connect_error', (e) => resolve(e.message));
  });
}

const live = (path: string) => {
  const found = LIVE_NAMESPACES.find((n) => n.path === path);
  if (!found) throw new Error(`no namespace ${path}`);
  return found;
};

describe('realtime admission', () => {
  it('refuses a signed-in user with no tenant as FORBIDDEN, saying how to get one', async () => {
    const newcomer = await t.signUp();
    expect(await outcome('/dashboards', await newcomer.idToken())).toMatch(/^FORBIDDEN: No active tenant/);
    expect(await outcome('/agents', await newcomer.idToken())).toMatch(/^FORBIDDEN: No active tenant/);
  });

  it('refuses an unknown credential as UNAUTHENTICATED', async () => {
    expect(await outcome('/dashboards', 'ffk_aaaaaaaaaaaaaaaa_' + 'x'.repeat(43))).toMatch(/^UNAUTHENTICATED: /);
    expect(await outcome('/dashboards', undefined)).toMatch(/^UNAUTHENTICATED: /);
  });

  it('lets in a member whose role may read what the namespace streams', async () => {
    expect(await outcome('/dashboards', await plant.owner.idToken())).toBe('connected');
    expect(await outcome('/agents', await t.apiKey(plant.tenantId, 'viewer'))).toBe('connected');
  });

  it('refuses every socket on the default namespace, signed in or not', async () => {
    expect(await outcome('/', undefined)).toMatch(/^NOT_FOUND: nothing is served on the default namespace; connect to \/agents or \/dashboards/);
    expect(await outcome('/', await plant.owner.idToken())).toMatch(/^NOT_FOUND: /);
  });

  it("refuses a role the registry's check does not allow to read, as FORBIDDEN", () => {
    // No credential a socket can present carries the agent role (agents sign in over MQTT), so its principal is built here.
    const agent: Principal = { actor: { type: 'system', name: 'edge agent ag_x' }, tenantId: plant.tenantId, role: 'agent' };
    expect(() => assertMayJoin(t.runtime.registry, live('/dashboards'), agent)).toThrow(
      expect.objectContaining({ code: 'FORBIDDEN', message: 'Role agent may not read Telemetry' }),
    );
    expect(() => assertMayJoin(t.runtime.registry, live('/agents'), { ...agent, role: 'viewer' })).not.toThrow();
  });
});

describe.skipIf(testDatabaseKind() !== 'pglite')('realtime admission when the platform fails', () => {
  it('answers INTERNAL with a reference that the server log carries, not a made-up refusal', async () => {
    const key = await t.apiKey(plant.tenantId, 'viewer');
    await induceWasmTrap(t.platform.services.db);
    const logged: string[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void logged.push(args.map(String).join(' '));
    try {
      const message = await outcome('/dashboards', key);
      expect(message).toMatch(/^INTERNAL \(ref [0-9a-f]{8}\): could not admit the socket$/);
      const ref = /ref ([0-9a-f]{8})/.exec(message)?.[1] ?? 'none';
      expect(logged.some((line) => line.includes(`/dashboards failed (ref ${ref})`))).toBe(true);
    } finally {
      console.error = original;
    }
  });
});

import { agentsChannel, telemetryChannel } from '@facilflow/contracts';
import { createTestPlatform, freePort, type TestPlatform, type TestTenant } from '@facilflow/testkit';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type FacilFlowServer } from '../server/create-server.ts';

let t: TestPlatform;
let server: FacilFlowServer;
let a: TestTenant;
let b: TestTenant;
const sockets: Socket[] = [];

beforeAll(async () => {
  t = await createTestPlatform({ FACILFLOW_HTTP_PORT: String(await freePort()) });
  server = await createServer({ config: t.platform.config, platform: t.platform, runtime: t.runtime });
  a = await t.createTenant('Live Plant A');
  b = await t.createTenant('Live Plant B');
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await server?.close();
  await t?.close();
});

function connect(namespace: string, token: string | undefined): Promise<Socket> {
  const socket = io(`${server.url}${namespace}`, { auth: token ? { token } : {}, transports: ['websocket'], reconnection: false });
  sockets.push(socket);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (e) => reject(e));
  });
}

function next(socket: Socket, event: string): Promise<unknown> {
  return new Promise((resolve) => socket.once(event, resolve));
}

describe('realtime', () => {
  it('refuses a socket without a valid credential', async () => {
    await expect(connect('/agents', undefined)).rejects.toThrow(/UNAUTHENTICATED/);
    await expect(connect('/agents', 'ffk_aaaaaaaaaaaaaaaa_' + 'x'.repeat(43))).rejects.toThrow(/UNAUTHENTICATED/);
  });

  it("relays a tenant's agent reports to that tenant's sockets only", async () => {
    const socketA = await connect('/agents', await a.owner.idToken());
    const socketB = await connect('/agents', await t.apiKey(b.tenantId, 'viewer'));
    const seenByB: unknown[] = [];
    socketB.on('agent', (m) => seenByB.push(m));
    const arrived = next(socketA, 'agent');
    await t.platform.services.bus.publish(agentsChannel(a.tenantId), { agentId: 'ag_a', kind: 'heartbeat' });
    expect(await arrived).toEqual({ agentId: 'ag_a', kind: 'heartbeat' });
    // B's own next message proves B's socket was live while A's went by.
    const own = next(socketB, 'agent');
    await t.platform.services.bus.publish(agentsChannel(b.tenantId), { agentId: 'ag_b', kind: 'status' });
    await own;
    expect(seenByB).toEqual([{ agentId: 'ag_b', kind: 'status' }]);
  });

  it('streams live telemetry on /dashboards to the tenant room', async () => {
    const socket = await connect('/dashboards', await t.apiKey(a.tenantId, 'viewer'));
    const arrived = next(socket, 'telemetry');
    await t.platform.services.bus.publish(telemetryChannel(a.tenantId), { points: [{ m: 'oven', f: { ZoneTemperature1: 211 } }] });
    expect(await arrived).toEqual({ points: [{ m: 'oven', f: { ZoneTemperature1: 211 } }] });
  });
});

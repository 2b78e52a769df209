import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { alertsChannel, createHostAllowList, type AlertNotice } from '@facilflow/contracts';
import { createTestPlatform, type TestPlatform, type TestTenant } from '@facilflow/testkit';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachRealtime } from '../server/realtime/attach-realtime.ts';

let t: TestPlatform;
let httpServer: Server;
let realtime: { close(): Promise<void> };
let url: string;
let a: TestTenant;
let b: TestTenant;
const sockets: Socket[] = [];

beforeAll(async () => {
  t = await createTestPlatform();
  httpServer = createHttpServer();
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
  realtime = await attachRealtime(httpServer, t.runtime, createHostAllowList({ publicUrl: url }));
  a = await t.createTenant('Live Alerts A');
  b = await t.createTenant('Live Alerts B');
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await realtime?.close();
  await new Promise((resolve) => httpServer?.close(resolve));
  await t?.close();
});

function connect(token: string): Promise<Socket> {
  const socket = io(`${url}/alerts`, { auth: { token }, transports: ['websocket'], reconnection: false });
  sockets.push(socket);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (e) => reject(e));
  });
}

function notice(tenantId: string, alertId: string, transition: AlertNotice['transition']): AlertNotice {
  const at = '2026-12-06T10:00:00.000Z';
  return {
    tenantId, alertId, ruleId: 'rule_1', ruleName: 'Oven temperature', transition, severity: 'major', priority: 2, measurement: 'oven', tags: { machine: 'Oven2' },
    assetPath: 'site1/line2/oven2', labels: {}, summary: 'Oven2 drifting', value: 236.4, actor: transition === 'triggered' ? null : 'user:op', comment: null, at, firedAt: at,
  };
}

function next(socket: Socket, event: string): Promise<AlertNotice> {
  return new Promise((resolve) => socket.once(event, resolve));
}

describe('/alerts live namespace (the in-app channel)', () => {
  it("relays alert:triggered, alert:acknowledged and alert:resolved to the tenant's sockets only", async () => {
    const socketA = await connect(await t.apiKey(a.tenantId, 'viewer'));
    const socketB = await connect(await t.apiKey(b.tenantId, 'viewer'));
    const seenByB: string[] = [];
    socketB.onAny((event: string, payload: AlertNotice) => seenByB.push(`${event}:${payload.alertId}`));

    for (const transition of ['triggered', 'acknowledged', 'resolved'] as const) {
      const heard = next(socketA, `alert:${transition}`);
      await t.platform.services.bus.publish(alertsChannel(a.tenantId), notice(a.tenantId, 'alr_a', transition));
      expect(await heard).toMatchObject({ alertId: 'alr_a', transition, tenantId: a.tenantId });
    }
    // A notice published on A's channel that claims B's tenant is dropped, not sent to either room.
    await t.platform.services.bus.publish(alertsChannel(a.tenantId), notice(b.tenantId, 'alr_forged', 'triggered'));
    // B's own alert reaching B proves B's socket was live while A's went by.
    const heardB = next(socketB, 'alert:triggered');
    await t.platform.services.bus.publish(alertsChannel(b.tenantId), notice(b.tenantId, 'alr_b', 'triggered'));
    await heardB;
    expect(seenByB).toEqual(['alert:triggered:alr_b']);
  });

  it('refuses a socket without a valid credential', async () => {
    await expect(connect('')).rejects.toThrow(/UNAUTHENTICATED/);
  });
});

import { alertsChannel, type AlertNotice } from '@facilflow/contracts';
import { createTestPlatform, type TestPlatform, type TestTenant } from '@facilflow/testkit';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRealtimeServer, type RealtimeServer } from './support/realtime-server.ts';

let t: TestPlatform;
let live: RealtimeServer;
let a: TestTenant;
let b: TestTenant;

beforeAll(async () => {
  t = await createTestPlatform();
  live = await startRealtimeServer(t.runtime);
  a = await t.createTenant('Live Alerts A');
  b = await t.createTenant('Live Alerts B');
});
afterAll(async () => {
  await live?.close();
  await t?.close();
});

const connect = (token: string): Promise<Socket> => live.connect('/alerts', token);

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

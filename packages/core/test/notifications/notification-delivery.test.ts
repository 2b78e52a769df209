import { createPlatform } from '@facilflow/platform';
import type { Delivery, Principal } from '@facilflow/contracts';
import { createAlertNoticeSink, decideApproval, dispatchDue, EVENT_ID_HEADER, recordAgentReport, recordDeadLetter, requestApproval, runFollowUps, SIGNATURE_HEADER, signatureOf, startNotificationDispatcher, TIMESTAMP_HEADER, type Services } from '@facilflow/core';
import { createTestPlatform, type TestPlatform, type TestTenant } from '@facilflow/testkit';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { controlledClock, notice, startReceiver, type Receiver } from './notification-fixtures.ts';

let t: TestPlatform;
let receiver: Receiver;
let a: TestTenant;
let b: TestTenant;
let clock: ReturnType<typeof controlledClock>;
let services: Services;

const HOUR = 3_600_000;
const MINUTE = 60_000;
// Jitter at its top: each wait is the full exponential step, so advancing an hour always reaches the next attempt.
const dispatch = () => dispatchDue(services, { random: () => 1 });

beforeAll(async () => {
  t = await createTestPlatform({ FACILFLOW_PIPELINE_HTTP_HOSTS: '127.0.0.1' });
  receiver = await startReceiver();
  a = await t.createTenant('Notify A');
  b = await t.createTenant('Notify B');
});
afterAll(async () => {
  await receiver?.close();
  await t?.close();
});
beforeEach(() => {
  clock = controlledClock();
  services = { ...t.platform.services, now: clock.now };
});

async function webhookChannel(owner: Principal, path: string): Promise<{ id: string; secret: string }> {
  const out = (await t.call(owner, 'channels.create', { name: `hook ${path}`, settings: { kind: 'webhook', url: `${receiver.url}${path}` } })) as { channel: { id: string }; signingSecret: string };
  return { id: out.channel.id, secret: out.signingSecret };
}

async function routeAllTo(owner: Principal, channelIds: string[], route: Record<string, unknown> = {}): Promise<void> {
  await t.call(owner, 'notificationPolicies.set', { policy: { routes: [{ name: 'all', channels: channelIds, ...route }], defaultChannels: [] } });
}

const deliveriesTo = async (owner: Principal, targetId: string) => ((await t.call(owner, 'deliveries.list', { targetId })) as { deliveries: Delivery[] }).deliveries;
const at = (path: string) => receiver.received.filter((r) => r.path === path);

describe('webhook channel', () => {
  it('signs each request, retries the failures with backoff and delivers once after the receiver recovers', async () => {
    const path = '/retries';
    const channel = await webhookChannel(a.ownerPrincipal, path);
    await routeAllTo(a.ownerPrincipal, [channel.id]);
    receiver.failFirst(path, 3);
    const sink = createAlertNoticeSink(services);
    const alert = notice(a.tenantId);
    await sink.deliver(alert);
    // Handed over twice (the engine retried after a crash): still one delivery.
    await sink.deliver(alert);

    for (let attempt = 1; attempt <= 4; attempt++) {
      expect(await dispatch()).toBe(1);
      // Nothing more is due until the backoff has passed.
      expect(await dispatch()).toBe(0);
      clock.advance(HOUR);
    }
    expect(await dispatch()).toBe(0);

    const requests = at(path);
    expect(requests.map((r) => r.answered)).toEqual([500, 500, 500, 200]);
    for (const request of requests) {
      expect(request.headers[SIGNATURE_HEADER]).toBe(signatureOf(channel.secret, String(request.headers[TIMESTAMP_HEADER]), request.body));
      expect(request.headers[EVENT_ID_HEADER]).toBe(`${alert.alertId}:triggered:${alert.at}`);
    }
    expect(JSON.parse(requests[3]!.body)).toMatchObject({ type: 'alert.triggered', tenantId: a.tenantId, reason: 'notify', data: { alertId: alert.alertId, summary: alert.summary } });
    // A forged signature is told apart: the secret is the channel's own.
    expect(requests[3]!.headers[SIGNATURE_HEADER]).not.toBe(signatureOf('another secret', String(requests[3]!.headers[TIMESTAMP_HEADER]), requests[3]!.body));
    const [delivery] = await deliveriesTo(a.ownerPrincipal, channel.id);
    expect(delivery).toMatchObject({ status: 'delivered', attempts: 4, lastStatusCode: 200, lastError: null, eventType: 'alert.triggered' });
  });

  it('gives up after the last attempt and logs the status code; a redelivery sends the same event again', async () => {
    const path = '/gives-up';
    const channel = await webhookChannel(a.ownerPrincipal, path);
    await routeAllTo(a.ownerPrincipal, [channel.id]);
    receiver.failFirst(path, 100);
    await createAlertNoticeSink(services).deliver(notice(a.tenantId));
    const retry = { maxAttempts: 3, baseDelayMs: 1000, maxDelayMs: 1000 };
    for (let attempt = 0; attempt < 3; attempt++) {
      await dispatchDue(services, { retry, random: () => 1 });
      clock.advance(1000);
    }
    const [failed] = await deliveriesTo(a.ownerPrincipal, channel.id);
    expect(failed).toMatchObject({ status: 'failed', attempts: 3, lastStatusCode: 500, lastError: 'the receiver answered 500' });
    expect(at(path)).toHaveLength(3);

    receiver.failFirst(path, 0);
    const { delivery } = (await t.call(a.ownerPrincipal, 'deliveries.redeliver', { id: failed!.id })) as { delivery: Delivery };
    expect(delivery).toMatchObject({ status: 'pending', attempts: 0, redeliveryOf: failed!.id, eventId: failed!.eventId });
    expect(await dispatch()).toBe(1);
    const requests = at(path);
    expect(requests).toHaveLength(4);
    expect(requests[3]).toMatchObject({ answered: 200 });
    expect(requests[3]!.headers[EVENT_ID_HEADER]).toBe(failed!.eventId);
    expect(requests[3]!.headers['x-facilflow-delivery']).toBe(delivery.id);
    expect(requests[3]!.headers[SIGNATURE_HEADER]).toBe(signatureOf(channel.secret, String(requests[3]!.headers[TIMESTAMP_HEADER]), requests[3]!.body));
    expect((await deliveriesTo(a.ownerPrincipal, channel.id)).map((d) => d.status)).toEqual(['delivered', 'failed']);
  });
});

describe('silences and the alerts they mute', () => {
  it('a silence mutes matching alerts; an expired one does not', async () => {
    const path = '/silenced';
    const channel = await webhookChannel(a.ownerPrincipal, path);
    await routeAllTo(a.ownerPrincipal, [channel.id]);
    const operator = await t.memberPrincipal(a.tenantId, 'operator');
    const { silence } = (await t.call(operator, 'silences.create', {
      matcher: { labels: { line: 'L2', team: 'silence-test' }, assetPrefix: 'site1/bakery' },
      // From the test's clock: the registry's own clock runs a few milliseconds ahead of it.
      startsAt: clock.now().toISOString(),
      endsAt: new Date(clock.now().getTime() + 30 * MINUTE).toISOString(),
      comment: 'WO-1182 oven 2 recalibration',
    })) as { silence: { id: string; state: string; createdBy: string } };
    expect(silence.state).toBe('active');
    const sink = createAlertNoticeSink(services);
    // Labels of this test only, so its silences mute nothing of the other tests.
    const labels = { line: 'L2', team: 'silence-test' };

    await sink.deliver(notice(a.tenantId, { labels }));
    // Another line is not matched by the silence.
    await sink.deliver(notice(a.tenantId, { labels: { ...labels, line: 'L3' } }));
    await dispatch();
    expect(at(path).map((r) => JSON.parse(r.body).data.labels.line)).toEqual(['L3']);

    clock.advance(31 * MINUTE);
    await sink.deliver(notice(a.tenantId, { labels, at: clock.now().toISOString() }));
    await dispatch();
    expect(at(path)).toHaveLength(2);

    // Expiring by hand ends the muting at once.
    const { silence: second } = (await t.call(operator, 'silences.create', { matcher: { severities: ['critical'], labels: { team: 'silence-test' } }, startsAt: clock.now().toISOString(), endsAt: new Date(Date.now() + HOUR).toISOString(), comment: 'night shift' })) as { silence: { id: string } };
    await sink.deliver(notice(a.tenantId, { labels }));
    await dispatch();
    expect(at(path)).toHaveLength(2);
    const expired = (await t.call(operator, 'silences.expire', { id: second.id })) as { silence: { state: string } };
    expect(expired.silence.state).toBe('expired');
    await sink.deliver(notice(a.tenantId, { labels, severity: 'critical', assetPath: 'site9/elsewhere' }));
    await dispatch();
    expect(at(path)).toHaveLength(3);
  });

  it('an open maintenance window mutes matching alerts', async () => {
    const path = '/maintenance';
    const channel = await webhookChannel(b.ownerPrincipal, path);
    await routeAllTo(b.ownerPrincipal, [channel.id]);
    const start = clock.now().getTime();
    await t.call(b.ownerPrincipal, 'maintenanceWindows.create', {
      name: 'Oven 2 rebuild',
      matcher: { assetPrefix: 'site1/maintenance-test' },
      schedule: { kind: 'once', startsAt: new Date(start).toISOString(), endsAt: new Date(start + HOUR).toISOString() },
    });
    const sink = createAlertNoticeSink(services);
    const assetPath = 'site1/maintenance-test/oven';
    await sink.deliver(notice(b.tenantId, { assetPath }));
    await dispatch();
    expect(at(path)).toHaveLength(0);
    clock.advance(2 * HOUR);
    await sink.deliver(notice(b.tenantId, { assetPath }));
    await dispatch();
    expect(at(path)).toHaveLength(1);
  });
});

describe('repeat and escalation', () => {
  it('escalates an alert still unacknowledged N minutes after it fired, and not one acknowledged before', async () => {
    const first = await webhookChannel(a.ownerPrincipal, '/first-line');
    const escalation = await webhookChannel(a.ownerPrincipal, '/escalation');
    await routeAllTo(a.ownerPrincipal, [first.id], { escalation: { afterMinutes: 10, channels: [escalation.id] } });
    const sink = createAlertNoticeSink(services);
    const fired = clock.now().toISOString();
    const ignored = notice(a.tenantId, { at: fired, firedAt: fired });
    const acknowledged = notice(a.tenantId, { at: fired, firedAt: fired });
    await sink.deliver(ignored);
    await sink.deliver(acknowledged);
    clock.advance(3 * MINUTE);
    await sink.deliver({ ...acknowledged, transition: 'acknowledged', actor: 'user:op', at: clock.now().toISOString() });

    clock.advance(5 * MINUTE);
    await runFollowUps(services);
    await dispatch();
    expect(at('/escalation')).toHaveLength(0);

    clock.advance(3 * MINUTE);
    await runFollowUps(services);
    await dispatch();
    const escalated = at('/escalation').map((r) => JSON.parse(r.body) as { reason: string; data: { alertId: string } });
    expect(escalated).toEqual([expect.objectContaining({ reason: 'escalation', data: expect.objectContaining({ alertId: ignored.alertId }) })]);
    // The first line heard of both alerts and of the acknowledgement, once each.
    expect(at('/first-line').map((r) => JSON.parse(r.body).type)).toEqual(['alert.triggered', 'alert.triggered', 'alert.acknowledged']);

    // Escalation goes out once.
    clock.advance(HOUR);
    await runFollowUps(services);
    await dispatch();
    expect(at('/escalation')).toHaveLength(1);
  });

  it('repeats while the alert fires, and stops once it is resolved', async () => {
    const path = '/repeats';
    const channel = await webhookChannel(b.ownerPrincipal, path);
    await routeAllTo(b.ownerPrincipal, [channel.id], { repeatIntervalMinutes: 30 });
    const sink = createAlertNoticeSink(services);
    const fired = clock.now().toISOString();
    const alert = notice(b.tenantId, { at: fired, firedAt: fired });
    await sink.deliver(alert);
    await dispatch();
    for (const minutes of [20, 11, 19, 11]) {
      clock.advance(minutes * MINUTE);
      await runFollowUps(services);
      await dispatch();
    }
    // At 0, then 31 and 61 minutes.
    expect(at(path).map((r) => JSON.parse(r.body).reason)).toEqual(['notify', 'repeat', 'repeat']);
    await sink.deliver({ ...alert, transition: 'resolved', at: clock.now().toISOString() });
    clock.advance(2 * HOUR);
    await runFollowUps(services);
    await dispatch();
    expect(at(path).map((r) => JSON.parse(r.body).type)).toEqual(['alert.triggered', 'alert.triggered', 'alert.triggered', 'alert.resolved']);
  });
});

describe('the outbox', () => {
  it('survives a restart: a notice recorded by a process that closed before sending is sent once by the next one', async () => {
    const path = '/after-restart';
    const channel = await webhookChannel(a.ownerPrincipal, path);
    await routeAllTo(a.ownerPrincipal, [channel.id]);
    // The first process records the notice and stops before any dispatcher ran.
    const first = await createPlatform(t.platform.config, { db: t.database.db });
    const alert = notice(a.tenantId);
    await first.alertNotices.deliver(alert);
    await first.close();

    const second = await createPlatform(t.platform.config, { db: t.database.db });
    const dispatcher = await startNotificationDispatcher(second.services, { pollMs: 50 });
    await receiver.waitFor(path, 1);
    await dispatcher.runOnce();
    await dispatcher.close();
    await second.close();
    expect(at(path)).toHaveLength(1);
    expect(JSON.parse(at(path)[0]!.body).data.alertId).toBe(alert.alertId);
    expect((await deliveriesTo(a.ownerPrincipal, channel.id))[0]).toMatchObject({ status: 'delivered', attempts: 1 });
  });
});

describe('outgoing webhooks', () => {
  it('receive the tenant events they subscribe to, signed, and only their own tenant\'s', async () => {
    const path = '/tenant-events';
    const { webhook, signingSecret } = (await t.call(a.ownerPrincipal, 'webhooks.create', { name: 'MES', url: `${receiver.url}${path}`, events: ['deadLetter.recorded', 'alert.triggered'] })) as {
      webhook: { id: string };
      signingSecret: string;
    };
    const deadLetter = (tenantId: string, key: string) =>
      recordDeadLetter(services, { tenantId, agentId: null, topic: 'ff/v1/x', codec: 'json', code: 'invalid_points', reason: 'measurement "m" has no schema', seq: 1, pointCount: 1, rejections: [], payload: Buffer.from('{}'), receivedAt: clock.now(), key });
    await deadLetter(a.tenantId, `dl-a-${Math.random()}`);
    await deadLetter(b.tenantId, `dl-b-${Math.random()}`);
    await createAlertNoticeSink(services).deliver(notice(a.tenantId, { labels: { line: 'L9' } }));
    await dispatch();
    const events = at(path).map((r) => ({ body: JSON.parse(r.body) as { type: string; tenantId: string }, signed: r.headers[SIGNATURE_HEADER] === signatureOf(signingSecret, String(r.headers[TIMESTAMP_HEADER]), r.body) }));
    expect(events.map((e) => e.body.type).sort()).toEqual(['alert.triggered', 'deadLetter.recorded']);
    expect(events.every((e) => e.signed && e.body.tenantId === a.tenantId)).toBe(true);
    expect(await deliveriesTo(a.ownerPrincipal, webhook.id)).toHaveLength(2);
  });
});

describe('tenant events from where they happen', () => {
  it('an approval asked for and decided, and an agent going offline (once, not on every retained status), reach the subscribed webhook', async () => {
    const path = '/hooked-events';
    const { webhook } = (await t.call(b.ownerPrincipal, 'webhooks.create', { name: 'Ops', url: `${receiver.url}${path}`, events: ['approval.requested', 'approval.decided', 'agent.offline'] })) as { webhook: { id: string } };
    const requester = { actorId: 'apiKey:k1', label: 'claude', apiKeyId: 'k1', front: 'mcp' as const, conversationId: null };
    const draft = { operation: 'runs.cancel', input: { id: 'run_x' }, plan: 'Cancel run run_x', requester };
    const approval = await requestApproval(services, b.tenantId, draft);
    // Asking again for the same call finds the open request: no second event.
    await requestApproval(services, b.tenantId, draft);
    const approver = await t.memberPrincipal(b.tenantId, 'engineer');
    await decideApproval(services, { tenantId: b.tenantId, actor: approver.actor, role: 'engineer' }, { id: approval.id, decision: 'reject', reason: 'not now', via: 'web', conversationId: null });

    const { agent } = (await t.call(b.ownerPrincipal, 'agents.enroll', { name: `press ${Math.random()}` })) as { agent: { id: string } };
    const status = (state: 'online' | 'offline') => ({ agentId: agent.id, state, version: '1.0.0', startedAt: null, at: clock.now().getTime(), appliedConfigVersion: null, sources: [] });
    await recordAgentReport(services, b.tenantId, agent.id, 'status', status('online'));
    await recordAgentReport(services, b.tenantId, agent.id, 'status', status('offline'));
    await recordAgentReport(services, b.tenantId, agent.id, 'status', status('offline'));
    await dispatch();

    const events = at(path).map((r) => JSON.parse(r.body) as { type: string; data: Record<string, unknown> });
    expect(events.map((e) => e.type)).toEqual(['approval.requested', 'approval.decided', 'agent.offline']);
    expect(events[1]!.data).toMatchObject({ approval: { id: approval.id, status: 'rejected', reason: 'not now' } });
    expect(events[2]!.data).toMatchObject({ agentId: agent.id });
    expect((await deliveriesTo(b.ownerPrincipal, webhook.id)).every((d) => d.status === 'delivered')).toBe(true);
  });
});

describe('tenant isolation through the registry', () => {
  it("tenant B cannot see or touch tenant A's channels, silences, maintenance windows, deliveries or webhooks", async () => {
    const channel = await webhookChannel(a.ownerPrincipal, '/isolated');
    await routeAllTo(a.ownerPrincipal, [channel.id]);
    await createAlertNoticeSink(services).deliver(notice(a.tenantId));
    await dispatch();
    const [delivery] = await deliveriesTo(a.ownerPrincipal, channel.id);
    const { silence } = (await t.call(a.ownerPrincipal, 'silences.create', { matcher: {}, endsAt: new Date(Date.now() + HOUR).toISOString(), comment: 'A only' })) as { silence: { id: string } };
    const { webhook } = (await t.call(a.ownerPrincipal, 'webhooks.create', { name: 'A hook', url: `${receiver.url}/a`, events: ['run.failed'] })) as { webhook: { id: string } };
    const { maintenanceWindow } = (await t.call(a.ownerPrincipal, 'maintenanceWindows.create', { name: 'A', schedule: { kind: 'once', startsAt: '2030-01-01T00:00:00Z', endsAt: '2030-01-02T00:00:00Z' } })) as { maintenanceWindow: { id: string } };

    const owner = b.ownerPrincipal;
    const listed = async (name: string, key: string) => ((await t.call(owner, name, {})) as Record<string, Array<{ id: string }>>)[key]!.map((row) => row.id);
    expect(await listed('channels.list', 'channels')).not.toContain(channel.id);
    expect(await listed('silences.list', 'silences')).not.toContain(silence.id);
    expect(await listed('webhooks.list', 'webhooks')).not.toContain(webhook.id);
    expect(await listed('maintenanceWindows.list', 'maintenanceWindows')).not.toContain(maintenanceWindow.id);
    expect(await listed('deliveries.list', 'deliveries')).not.toContain(delivery!.id);
    const refusal = (name: string, input: unknown) => t.call(owner, name, input).then(() => 'ok', (e: { code: string }) => e.code);
    expect(await refusal('channels.update', { id: channel.id, name: 'taken over' })).toBe('NOT_FOUND');
    expect(await refusal('channels.test', { id: channel.id })).toBe('NOT_FOUND');
    expect(await refusal('channels.delete', { id: channel.id })).toBe('NOT_FOUND');
    expect(await refusal('silences.expire', { id: silence.id })).toBe('NOT_FOUND');
    expect(await refusal('deliveries.redeliver', { id: delivery!.id })).toBe('NOT_FOUND');
    expect(await refusal('webhooks.delete', { id: webhook.id })).toBe('NOT_FOUND');
    expect(await refusal('maintenanceWindows.delete', { id: maintenanceWindow.id })).toBe('NOT_FOUND');
    // A's channel id in B's policy is refused: B cannot route its alerts through A's channel.
    expect(await refusal('notificationPolicies.set', { policy: { routes: [], defaultChannels: [channel.id] } })).toBe('INVALID');
  });

  it('refuses targets outside the outbound allow-list and non-http URLs with a clear error', async () => {
    const refusal = (input: unknown) => t.call(a.ownerPrincipal, 'channels.create', input).then(() => 'ok', (e: { code: string; message: string }) => `${e.code}: ${e.message}`);
    expect(await refusal({ name: 'x', settings: { kind: 'webhook', url: 'https://elsewhere.example.com/hook' } })).toMatch(/^FORBIDDEN: elsewhere.example.com is not a host/);
    expect(await refusal({ name: 'x', settings: { kind: 'webhook', url: 'file:///etc/passwd' } })).toMatch(/^INVALID/);
    expect(await refusal({ name: 'x', settings: { kind: 'slack' } })).toMatch(/^INVALID: A Slack channel needs its incoming-webhook url/);
  });
});

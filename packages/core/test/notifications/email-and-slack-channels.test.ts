import type { AddressInfo } from 'node:net';
import type { Delivery } from '@facilflow/contracts';
import { createAlertNoticeSink, dispatchDue, slackPayload, type Services } from '@facilflow/core';
import { createTestPlatform, type TestPlatform, type TestTenant } from '@facilflow/testkit';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notice, startReceiver, type Receiver } from './notification-fixtures.ts';

interface Mail {
  from: string;
  to: string[];
  user: string | undefined;
  data: string;
}

let t: TestPlatform;
let tenant: TestTenant;
let receiver: Receiver;
let smtp: SMTPServer;
let smtpPort: number;
const mails: Mail[] = [];
let services: Services;

beforeAll(async () => {
  t = await createTestPlatform({ FACILFLOW_PIPELINE_HTTP_HOSTS: '127.0.0.1' });
  services = t.platform.services;
  tenant = await t.createTenant('Mail plant');
  receiver = await startReceiver();
  // A real SMTP server on 127.0.0.1: plain (no TLS), with a login the channel must give.
  smtp = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    authOptional: false,
    onAuth(auth, _session, callback) {
      if (auth.username === 'facilflow' && auth.password === 'smtp-secret') callback(null, { user: auth.username });
      else callback(new Error('Invalid username or password'));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          user: typeof session.user === 'string' ? session.user : undefined,
          data: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  smtpPort = (smtp.server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
  await receiver?.close();
  await t?.close();
});

describe('e-mail channel', () => {
  it('sends the alert over SMTP with the login from the channel; the password is never shown', async () => {
    const { channel } = (await t.call(tenant.ownerPrincipal, 'channels.create', {
      name: 'Shift leads',
      settings: { kind: 'email', host: '127.0.0.1', port: smtpPort, secure: false, user: 'facilflow', password: 'smtp-secret', from: 'alerts@plant.example.com', to: ['lead@plant.example.com', 'oncall@plant.example.com'] },
    })) as { channel: { id: string; target: Record<string, unknown>; hasSecret: boolean } };
    expect(channel.hasSecret).toBe(true);
    expect(JSON.stringify(channel)).not.toContain('smtp-secret');
    expect(channel.target).toMatchObject({ host: '127.0.0.1', port: smtpPort, from: 'alerts@plant.example.com' });
    await t.call(tenant.ownerPrincipal, 'notificationPolicies.set', { policy: { routes: [], defaultChannels: [channel.id] } });

    const alert = notice(tenant.tenantId, { summary: 'Checkweigher 3 rejects 12 % of packs' });
    await createAlertNoticeSink(services).deliver(alert);
    await dispatchDue(services);

    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ from: 'alerts@plant.example.com', to: ['lead@plant.example.com', 'oncall@plant.example.com'], user: 'facilflow' });
    expect(mails[0]!.data).toMatch(/^Subject: \[CRITICAL\] triggered: Checkweigher 3 rejects 12 % of packs/m);
    expect(mails[0]!.data).toContain('Asset: site1/bakery/line2/oven2');
    const { deliveries } = (await t.call(tenant.ownerPrincipal, 'deliveries.list', { targetId: channel.id })) as { deliveries: Delivery[] };
    expect(deliveries[0]).toMatchObject({ status: 'delivered', attempts: 1, lastStatusCode: 250 });
    const listed = JSON.stringify(await t.call(tenant.ownerPrincipal, 'channels.list', {}));
    expect(listed).not.toContain('smtp-secret');
  });

  it('a wrong password is a final failure with the server\'s answer; channels.test says so at once', async () => {
    const { channel } = (await t.call(tenant.ownerPrincipal, 'channels.create', {
      name: 'Wrong login',
      settings: { kind: 'email', host: '127.0.0.1', port: smtpPort, user: 'facilflow', password: 'not-it', from: 'alerts@plant.example.com', to: ['lead@plant.example.com'] },
    })) as { channel: { id: string } };
    const result = (await t.call(tenant.ownerPrincipal, 'channels.test', { id: channel.id })) as { delivered: boolean; statusCode: number | null; error: string | null };
    expect(result.delivered).toBe(false);
    expect(result.statusCode).toBe(535);
    expect(result.error).toMatch(/Invalid username or password/);
  });
});

describe('Slack channel', () => {
  it('posts text and blocks to the incoming webhook; the URL is kept secret after creation', async () => {
    const slackUrl = `${receiver.url}/services/T000/B000/XXXXSECRET`;
    const { channel } = (await t.call(tenant.ownerPrincipal, 'channels.create', { name: '#ovens', settings: { kind: 'slack', url: slackUrl } })) as { channel: { id: string; target: Record<string, unknown> } };
    expect(JSON.stringify(channel)).not.toContain('XXXXSECRET');
    expect(channel.target).toEqual({ urlHost: new URL(receiver.url).host });
    const result = (await t.call(tenant.ownerPrincipal, 'channels.test', { id: channel.id })) as { delivered: boolean; statusCode: number };
    expect(result).toMatchObject({ delivered: true, statusCode: 200 });
    const [posted] = receiver.received.filter((r) => r.path === '/services/T000/B000/XXXXSECRET');
    const payload = JSON.parse(posted!.body) as { text: string; blocks: Array<{ type: string }> };
    expect(payload.text).toMatch(/^Test notification: \[INFO\] triggered: Test notification for channel "#ovens"/);
    expect(payload.blocks.map((block) => block.type)).toEqual(['header', 'section', 'context']);
  });

  it('builds the incoming-webhook shape: fallback text, a header, the facts as fields, escaped', () => {
    const payload = slackPayload(notice('t_x', { summary: 'Zone <1> & 2 over 240 °C', value: 241.5 }), 'escalation');
    expect(payload.text).toBe('ESCALATED, unacknowledged: [CRITICAL] triggered: Zone <1> & 2 over 240 °C');
    expect(payload.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: payload.text } });
    const fields = (payload.blocks[1] as { fields: Array<{ type: string; text: string }> }).fields;
    expect(fields).toContainEqual({ type: 'mrkdwn', text: '*Value*\n241.5' });
    expect(fields).toContainEqual({ type: 'mrkdwn', text: '*Series*\noven machine=Oven2' });
    const escaped = slackPayload(notice('t_x', { ruleName: 'a <b> & c' }), 'notify');
    expect((escaped.blocks[1] as { fields: Array<{ text: string }> }).fields[0]!.text).toBe('*Rule*\na &lt;b&gt; &amp; c');
  });
});

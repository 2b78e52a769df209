import type { MqttClient } from 'mqtt';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { agentTopic, connectIngress, type Ingress, type IngressOptions } from '../../src/index.ts';
import { Inbox } from '../support/inbox.ts';
import { connectClient, type ClientCredentials } from '../support/mqtt-clients.ts';
import { recordingLog } from '../support/recording-log.ts';

export interface IngressBrokerUnderTest {
  url: string;
  protocolVersion: 4 | 5;
  /** Shared subscriptions where the broker has them (MQTT 5). */
  shared: boolean;
  /** Credentials of the ingest service principal. */
  ingest: { username: string; password: string };
  addAgent(tenantId: string, agentId: string): Promise<ClientCredentials>;
  stop(): Promise<void>;
}

let receivers = 0;

/**
 * Acknowledge-after-handler on a real broker: what ingest relies on to never lose telemetry
 * between the broker and the durable write.
 */
export function describeIngressContract(name: string, start: () => Promise<IngressBrokerUnderTest>): void {
  describe(`ingress client: ${name}`, () => {
    let broker: IngressBrokerUnderTest;
    let agent: MqttClient;
    const topic = agentTopic('tenant_a', 'ingress_agent', 'telemetry');
    const open = new Set<Ingress>();

    beforeAll(async () => {
      broker = await start();
      agent = await connectClient(broker.url, await broker.addAgent('tenant_a', 'ingress_agent'), { protocolVersion: broker.protocolVersion });
    });

    afterAll(async () => {
      await agent?.endAsync(true);
      await broker?.stop();
    });

    // Every test ends the sessions it made. A persistent session outlives its connection, and
    // Mosquitto keeps assigning `$share` messages to an offline member's session (queued
    // for its return), which would take messages away from the next test's receiver.
    const sessions = new Set<string>();
    afterEach(async () => {
      for (const ingress of open) await ingress.close({ force: true });
      open.clear();
      for (const clientId of sessions) {
        const cleaner = await connectClient(broker.url, { ...broker.ingest, clientId }, { protocolVersion: broker.protocolVersion, clean: true });
        await cleaner.endAsync();
      }
      sessions.clear();
    });

    async function ingress(clientId: string, handler: IngressOptions['handler'], log = recordingLog()): Promise<Ingress> {
      sessions.add(clientId);
      const connected = await connectIngress({
        url: broker.url,
        ...broker.ingest,
        clientId,
        shared: broker.shared,
        protocolVersion: broker.protocolVersion,
        handler,
        log,
      });
      open.add(connected);
      return connected;
    }

    async function close(receiver: Ingress, options?: { force?: boolean }): Promise<void> {
      open.delete(receiver);
      await receiver.close(options);
    }

    it('redelivers a message whose handler never finished to the next session with the same client id', async () => {
      const clientId = `ingest_${++receivers}`;
      const first = new Inbox<string>();
      const crashed = await ingress(clientId, (_topic, payload) => {
        first.push(payload.toString());
        // The durable write never completes: the process "dies" before acknowledging.
        return new Promise<void>(() => undefined);
      });
      await agent.publishAsync(topic, 'batch 1', { qos: 1 });
      expect(await first.take(1)).toEqual(['batch 1']);
      await close(crashed, { force: true });

      const second = new Inbox<{ topic: string; payload: string }>();
      const restarted = await ingress(clientId, async (received, payload) => second.push({ topic: received, payload: payload.toString() }));
      expect(await second.take(1)).toEqual([{ topic, payload: 'batch 1' }]);
      await close(restarted);
    });

    it('acknowledges a message once its handler resolved, so the next session does not get it again', async () => {
      const clientId = `ingest_${++receivers}`;
      const first = new Inbox<string>();
      const receiver = await ingress(clientId, async (_topic, payload) => first.push(payload.toString()));
      await agent.publishAsync(topic, 'batch 2', { qos: 1 });
      expect(await first.take(1)).toEqual(['batch 2']);
      await close(receiver);

      // Published while no receiver is connected: the broker queues it in the session.
      await agent.publishAsync(topic, 'batch 3', { qos: 1 });
      const second = new Inbox<string>();
      const restarted = await ingress(clientId, async (_topic, payload) => second.push(payload.toString()));
      // Unacknowledged messages are resent first on session resumption; 'batch 2' would come before 'batch 3'.
      expect(await second.take(1)).toEqual(['batch 3']);
      await close(restarted);
    });

    it('drops the connection when the handler fails and handles the redelivered message', async () => {
      const clientId = `ingest_${++receivers}`;
      const calls = new Inbox<string>();
      const log = recordingLog();
      const receiver = await ingress(
        clientId,
        async (_topic, payload) => {
          calls.push(payload.toString());
          if (calls.items.length === 1) throw new Error('time-series store unavailable');
        },
        log,
      );
      await agent.publishAsync(topic, 'batch 4', { qos: 1 });
      expect(await calls.take(2)).toEqual(['batch 4', 'batch 4']);
      expect(log.entries.items).toContainEqual(
        expect.objectContaining({ level: 'error', details: expect.objectContaining({ clientId, error: 'time-series store unavailable' }) }),
      );
      await close(receiver);
    });

    it('is refused the telemetry subscription with agent credentials', async () => {
      const credentials = await broker.addAgent('tenant_a', 'not_a_service');
      const attempt = connectIngress({
        url: broker.url,
        username: credentials.username,
        password: credentials.password,
        clientId: credentials.clientId,
        shared: broker.shared,
        protocolVersion: broker.protocolVersion,
        handler: async () => undefined,
        log: recordingLog(),
      });
      await expect(attempt).rejects.toMatchObject({ code: 'FORBIDDEN' });
    });
  });
}

import type { EnrollResponse } from '@facilflow/contracts';
import { redeemEnrollment, type Services } from '@facilflow/core';
import { type Principal } from '@facilflow/contracts';
import type { MqttClient } from 'mqtt';

type Call = (principal: Principal, name: string, input?: unknown) => Promise<unknown>;

/** An agent enrolled the way a plant does it: agents.enroll, then the one-time token traded for MQTT credentials. */
export async function enrollAgent(call: Call, services: Services, owner: Principal, name: string): Promise<EnrollResponse> {
  const out = (await call(owner, 'agents.enroll', { name })) as { enrollmentToken: string };
  return redeemEnrollment(services, { token: out.enrollmentToken, hostname: 'test-gateway', version: 'test' });
}

/** 'acked' once the PUBACK arrives; 'disconnected' when the broker drops the connection instead (no PUBACK). */
export function publishOutcome(client: MqttClient, topic: string, payload: string | Buffer): Promise<'acked' | 'disconnected'> {
  // A client that lost its connection would queue the publish until a reconnect that never comes.
  if (!client.connected) return Promise.resolve('disconnected');
  return new Promise((resolve) => {
    const onClose = () => resolve('disconnected');
    client.once('close', onClose);
    client.publish(topic, payload, { qos: 1 }, (error) => {
      client.off('close', onClose);
      resolve(error ? 'disconnected' : 'acked');
    });
  });
}

export interface TestPoint {
  m: string;
  tags?: Record<string, string>;
  f: Record<string, unknown>;
  t: unknown;
}

/** A telemetry batch as the agent writes it. */
export function batchPayload(agentId: string, seq: number, points: readonly TestPoint[], sentAt = Date.now()): string {
  return JSON.stringify({ v: 1, agentId, seq, sentAt, points });
}

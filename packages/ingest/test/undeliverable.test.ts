import { agentTopic, type EnrollResponse } from '@facilflow/contracts';
import { sql } from '@facilflow/db';
import type { TestPlatform, TestTenant } from '@facilflow/testkit';
import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AttachedIngest } from '../src/index.ts';
import { batchPayload, publishOutcome } from './support/agents.ts';
import { startIngestRig, type IngestRig } from './support/ingest-rig.ts';

// A refused message whose dead letter the database refuses too: trying again brings the same
// refusal, so leaving it unacknowledged would have the agent resend it for ever. It is
// acknowledged, counted per (tenant, agent, reason) and logged once, without its payload.
// The refusal is real: the application role loses INSERT on dead_letters in this scratch database.

const T0 = Date.UTC(2025, 0, 1, 8);
const MARKER = 'payload-marker-7f3a';

const logged: Array<{ message: string; details: Record<string, unknown> }> = [];
const log = { warn: () => undefined, error: (message: string, details: Record<string, unknown>) => void logged.push({ message, details }) };

let rig: IngestRig;
let t: TestPlatform;
let tenant: TestTenant;
let attached: AttachedIngest;
let agent: EnrollResponse;
let client: MqttClient;

beforeAll(async () => {
  rig = await startIngestRig({ tenantName: 'Undeliverable Plant', agentName: 'Undeliverable gateway', schema: { measurement: 'oven', fields: [{ name: 'ZoneTemperature1', type: 'number' }], requiredTags: ['machine'] }, ingest: { consumers: [], log } });
  ({ t, tenant, attached, agent, client } = rig);
  await t.platform.services.db.withSystem('test: make the database refuse dead letters', async (tx) => {
    // Back to the session user (the owner) to change the application role's privileges.
    await tx.execute(sql`reset role`);
    await tx.execute(sql`revoke insert on dead_letters from facilflow_app`);
  });
});
afterAll(() => rig?.close());

describe('a refused message that cannot be dead-lettered', () => {
  it('is acknowledged, counted with its agent and reason, logged without its payload, and does not hold up the next batch', async () => {
    const topic = agentTopic(tenant.tenantId, agent.agentId, 'telemetry');
    const malformed = `{"v":1,"note":"${MARKER}","points":[`;
    expect(await publishOutcome(client, topic, malformed)).toBe('acked');
    expect(await publishOutcome(client, topic, malformed)).toBe('acked');
    const unknown = batchPayload(agent.agentId, 1, [{ m: 'press', tags: { machine: MARKER }, f: { force: 1 }, t: T0 }]);
    expect(await publishOutcome(client, topic, unknown)).toBe('acked');

    expect(await publishOutcome(client, topic, batchPayload(agent.agentId, 2, [{ m: 'oven', tags: { machine: 'Oven1' }, f: { ZoneTemperature1: 150 }, t: T0 }]))).toBe('acked');
    const stored = await t.platform.services.timeseries.query(tenant.tenantId, 'SELECT count(*) FROM oven', { maxRows: 10, timeoutMs: 30_000 });
    expect(stored.rows).toEqual([[1]]);

    expect(attached.ingest.undeliverable().sort((a, b) => a.reason.localeCompare(b.reason))).toEqual([
      { tenantId: tenant.tenantId, agentId: agent.agentId, reason: 'invalid_points', count: 1 },
      { tenantId: tenant.tenantId, agentId: agent.agentId, reason: 'malformed_json', count: 2 },
    ]);
    expect(attached.ingest.stats().messages).toMatchObject({ undeliverable: 3, deadLettered: 0, failed: 0 });
    expect(logged).toHaveLength(3);
    for (const entry of logged) {
      expect(entry.message).toMatch(/dead letter not recorded: acknowledged and counted as undeliverable/);
      expect(entry.details).toMatchObject({ tenantId: tenant.tenantId, agentId: agent.agentId, error: expect.stringMatching(/^42501 permission denied/) });
      expect(JSON.stringify(entry)).not.toContain(MARKER);
    }
  });
});

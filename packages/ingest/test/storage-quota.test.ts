import { agentTopic, type DeadLetter, type EnrollResponse } from '@facilflow/contracts';
import type { TestPlatform, TestTenant } from '@facilflow/testkit';
import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batchPayload, publishOutcome } from './support/agents.ts';
import { startIngestRig, type IngestRig } from './support/ingest-rig.ts';

// A tenant whose time-series storage is full refuses the same points on every delivery: the
// batch must become a dead letter the tenant can see and be acknowledged, not be resent for ever.

const T0 = Date.UTC(2025, 0, 1, 8);
const QUOTA_BYTES = 1024 * 1024;

let rig: IngestRig;
let t: TestPlatform;
let tenant: TestTenant;
let agent: EnrollResponse;
let client: MqttClient;

beforeAll(async () => {
  rig = await startIngestRig({ tenantName: 'Full Storage Plant', agentName: 'Quota gateway', schema: { measurement: 'label', fields: [{ name: 'Text', type: 'string' }], requiredTags: ['machine'] }, ingest: { consumers: [], log: { warn: () => undefined, error: () => undefined } }, env: { FACILFLOW_TENANT_STORAGE_BYTES: String(QUOTA_BYTES) } });
  ({ t, tenant, agent, client } = rig);
});
afterAll(() => rig?.close());

describe('a tenant over its storage quota', () => {
  it('dead-letters the batch as storage_quota and acknowledges it', async () => {
    const text = 'x'.repeat(200);
    const points = Array.from({ length: 8000 }, (_, i) => ({ m: 'label', tags: { machine: 'Printer' }, f: { Text: text }, t: T0 + i }));
    const topic = agentTopic(tenant.tenantId, agent.agentId, 'telemetry');
    expect(await publishOutcome(client, topic, batchPayload(agent.agentId, 1, points))).toBe('acked');

    const { items } = (await t.call(tenant.ownerPrincipal, 'deadLetters.list', { limit: 10 })) as { items: DeadLetter[] };
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ code: 'storage_quota', pointCount: points.length });
    expect(items[0]!.reason).toMatch(/tenant storage quota exceeded/);
    const stored = await t.platform.services.timeseries.query(tenant.tenantId, 'SELECT count(*) FROM label', { maxRows: 1, timeoutMs: 30_000 }).catch(() => ({ rows: [[0]] }));
    expect(stored.rows).toEqual([[0]]);
  });
});

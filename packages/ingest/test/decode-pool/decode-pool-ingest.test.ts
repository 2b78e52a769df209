import { agentTopic, isFacilFlowError, type EnrollResponse } from '@facilflow/contracts';
import type { Services } from '@facilflow/core';
import { createTestPlatform, type TestPlatform, type TestTenant } from '@facilflow/testkit';
import type { TimeSeriesStore } from '@facilflow/timeseries';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIngest, type Ingest } from '../../src/create-ingest.ts';
import { createDecodePool } from '../../src/decode-pool/create-decode-pool.ts';
import { batchPayload, enrollAgent } from '../support/agents.ts';

const T0 = Date.UTC(2025, 3, 1);
const QUERY = { maxRows: 10, timeoutMs: 60_000 };
const GAUGE_SCHEMA = { measurement: 'gauge', description: 'Decode pool test', fields: [{ name: 'level', type: 'number' }], requiredTags: ['line'] };
const silent = { warn: () => undefined, error: () => undefined };

let t: TestPlatform;
let tenant: TestTenant;
let agents: EnrollResponse[];
/** Every write issued, in the order issued: (agent, seq) of its batch. */
const writes: string[] = [];
let services: Services;
let nextTime = T0;

beforeAll(async () => {
  t = await createTestPlatform();
  tenant = await t.createTenant('Decode Pool Plant');
  await t.call(tenant.ownerPrincipal, 'schemas.create', GAUGE_SCHEMA);
  agents = [];
  for (const name of ['pool-a', 'pool-b', 'pool-c', 'pool-d', 'pool-e']) agents.push(await enrollAgent(t.call, t.platform.services, tenant.ownerPrincipal, name));
  const store = t.platform.services.timeseries;
  // The real store, its writes noted as they are issued.
  const noting: TimeSeriesStore = Object.assign(Object.create(store) as TimeSeriesStore, {
    write: (...args: Parameters<TimeSeriesStore['write']>) => {
      const batch = args[2]?.batch;
      if (batch) writes.push(`${batch.source}:${batch.seq}`);
      return store.write(...args);
    },
  });
  services = { ...t.platform.services, timeseries: noting };
});

afterAll(async () => {
  await t?.close();
});

/** A batch of `count` points, each at a time of its own so that no two messages' points are the same rows. */
function message(agent: EnrollResponse, seq: number, count: number) {
  const points = Array.from({ length: count }, (_, i) => ({ m: 'gauge', tags: { line: `L${i % 7}` }, f: { level: i }, t: nextTime++ }));
  return { tenantId: agent.tenantId, agentId: agent.agentId, topic: agentTopic(agent.tenantId, agent.agentId, 'telemetry'), subtopic: null, payload: Buffer.from(batchPayload(agent.agentId, seq, points)), qos: 1 as const };
}

/** Points of the tenant's store (0 before the first write made the table). */
async function storedPoints(): Promise<number> {
  const result = await t.platform.services.timeseries.query(tenant.tenantId, 'SELECT count(*) FROM gauge', QUERY).catch(() => null);
  return Number(result?.rows[0]?.[0] ?? 0);
}

async function settle(handled: Array<Promise<void>>): Promise<Array<'acked' | 'refused'>> {
  return Promise.all(handled.map((one) => one.then(() => 'acked' as const, () => 'refused' as const)));
}

describe('ingest with a decode pool', () => {
  let ingest: Ingest;
  afterAll(async () => ingest?.close());

  it('writes each agent\'s batches in arrival order, though a small batch is decoded before the large one that came first', async () => {
    ingest = createIngest({ services, decodeThreads: 2, log: silent });
    const [agent] = agents;
    // Large and small alternate: on two threads, each small one is decoded while the large one before it still is.
    const sizes = [4000, 1, 4000, 1, 3000, 2, 5, 2500, 1, 1];
    const handled = sizes.map((size, i) => ingest.handleAgentTelemetry(message(agent!, i + 1, size)));
    expect(await settle(handled)).toEqual(sizes.map(() => 'acked'));
    expect(writes.filter((write) => write.startsWith(`agent:${agent!.agentId}:`))).toEqual(sizes.map((_size, i) => `agent:${agent!.agentId}:${i + 1}`));
    expect(ingest.stats().points.written).toBe(sizes.reduce((sum, size) => sum + size, 0));
  });
});

describe('a decode worker that dies', () => {
  it('loses no message: those it held are refused (not acknowledged) and stored once sent again; none is acknowledged unstored', async () => {
    const pool = createDecodePool({ threads: 1 });
    const ingest = createIngest({ services, decoder: pool, log: silent });
    const agent = agents[1]!;
    const before = await storedPoints();
    await ingest.handleAgentTelemetry(message(agent, 1, 1));
    const messages = Array.from({ length: 8 }, (_, i) => message(agent, i + 2, 10_000));
    const handled = messages.map((one) => ingest.handleAgentTelemetry(one));
    // The one worker is decoding the first of them: killed mid-message.
    await pool.pool.threads[0]!.terminate();
    const outcomes = await settle(handled);
    expect(outcomes).toContain('refused');
    const acked = outcomes.filter((outcome) => outcome === 'acked').length;
    // Every acknowledged message is in the store, and nothing else.
    expect(await storedPoints()).toBe(before + 1 + acked * 10_000);
    // The broker delivers the refused ones again: the pool has a new worker, and they are stored.
    const again = messages.filter((_one, i) => outcomes[i] === 'refused').map((one) => ingest.handleAgentTelemetry(one));
    expect(await settle(again)).toEqual(again.map(() => 'acked'));
    expect(await storedPoints()).toBe(before + 1 + messages.length * 10_000);
    await ingest.close();
  });
});

describe('the decode queue', () => {
  it('is bounded: past its limit a message is refused UNAVAILABLE, so the broker delivers it again, and it is stored then', async () => {
    const ingest = createIngest({ services, decoder: createDecodePool({ threads: 1, queueLimit: 2 }), log: silent });
    const agent = agents[2]!;
    const before = await storedPoints();
    const messages = Array.from({ length: 6 }, (_, i) => message(agent, i + 1, 500));
    const reasons: string[] = [];
    const handled = messages.map((one) =>
      ingest.handleAgentTelemetry(one).catch((error: unknown) => {
        reasons.push(isFacilFlowError(error) ? error.code : String(error));
        throw error;
      }),
    );
    const outcomes = await settle(handled);
    expect(outcomes).toEqual(['acked', 'acked', 'refused', 'refused', 'refused', 'refused']);
    expect(reasons).toEqual(['UNAVAILABLE', 'UNAVAILABLE', 'UNAVAILABLE', 'UNAVAILABLE']);
    for (const one of messages.slice(2)) await ingest.handleAgentTelemetry(one);
    expect(await storedPoints()).toBe(before + 6 * 500);
    await ingest.close();
  });
});

describe('close()', () => {
  it('finishes every message handed over (decoded, written, acknowledged) before it resolves, then refuses new ones', async () => {
    const ingest = createIngest({ services, decodeThreads: 2, log: silent });
    const agent = agents[3]!;
    const other = agents[4]!;
    const before = await storedPoints();
    const handled = [
      ...Array.from({ length: 5 }, (_, i) => ingest.handleAgentTelemetry(message(agent, i + 1, 2000))),
      ...Array.from({ length: 5 }, (_, i) => ingest.handleAgentTelemetry(message(other, i + 1, 2000))),
    ];
    const outcomes: string[] = [];
    for (const one of handled) void one.then(() => outcomes.push('acked'), () => outcomes.push('refused'));
    await ingest.close();
    expect(outcomes).toEqual(handled.map(() => 'acked'));
    expect(await storedPoints()).toBe(before + 10 * 2000);
    await expect(ingest.handleAgentTelemetry(message(agent, 6, 1))).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });
});

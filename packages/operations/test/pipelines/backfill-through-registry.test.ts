import { createTestPlatform, type TestPlatform } from '@facilflow/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pipelineSeeds, useTestCatalog } from './pipeline-fixtures.ts';

let t: TestPlatform;
let tenantId: string;

beforeAll(async () => {
  t = await createTestPlatform();
  useTestCatalog(t);
  tenantId = (await t.createTenant('Registry Backfill')).tenantId;
});
afterAll(() => t?.close());

describe('pipelines.backfill through the registry', () => {
  it('queues a run per slice, and a second backfill over a wider range only the slices not yet queued', async () => {
    const id = await pipelineSeeds(t, tenantId).published();
    const operator = await t.memberPrincipal(tenantId, 'operator');
    const first = (await t.call(operator, 'pipelines.backfill', { id, from: '2026-01-01T00:00:00.000Z', to: '2026-01-01T02:00:00.000Z', sliceMs: 3_600_000 })) as { queued: Array<{ rangeFrom: string }>; underWay: number };
    expect(first.queued.map((run) => run.rangeFrom)).toEqual(['2026-01-01T00:00:00.000Z', '2026-01-01T01:00:00.000Z']);
    const second = (await t.call(operator, 'pipelines.backfill', { id, from: '2026-01-01T00:00:00.000Z', to: '2026-01-01T03:00:00.000Z', sliceMs: 3_600_000 })) as { queued: Array<{ rangeFrom: string }>; underWay: number; succeeded: number };
    expect(second).toMatchObject({ underWay: 2, succeeded: 0 });
    expect(second.queued.map((run) => run.rangeFrom)).toEqual(['2026-01-01T02:00:00.000Z']);
  });
});

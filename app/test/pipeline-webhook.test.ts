import { BODY_LIMITS, type Principal } from '@facilflow/contracts';
import { eq, schema } from '@facilflow/db';
import { createTestPlatform, freePort, type TestPlatform, type TestTenant } from '@facilflow/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type FacilFlowServer } from '../server/create-server.ts';

let t: TestPlatform;
let server: FacilFlowServer;
let plantA: TestTenant;
let plantB: TestTenant;
let ownerA: Principal;
let ownerB: Principal;

interface Hooked {
  id: string;
  secret: string;
}

const spec = (name: string, triggers: unknown[] = [{ type: 'webhook' }]) => ({
  name,
  triggers,
  stages: [{ id: 'received', use: 'control.input' }],
});

async function webhookPipeline(owner: Principal, options: { start?: boolean; triggers?: unknown[] } = {}): Promise<Hooked> {
  const name = `hooked ${Math.random().toString(36).slice(2, 10)}`;
  const created = (await t.call(owner, 'pipelines.create', { spec: spec(name, options.triggers) })) as { pipeline: { id: string }; webhookSecret: string | null };
  await t.call(owner, 'pipelines.publish', { id: created.pipeline.id });
  if (options.start ?? true) await t.call(owner, 'pipelines.start', { id: created.pipeline.id });
  return { id: created.pipeline.id, secret: created.webhookSecret ?? '' };
}

const hookUrl = (tenantId: string, pipelineId: string) => `${server.url}/api/hooks/${tenantId}/pipelines/${pipelineId}`;

function post(tenantId: string, pipelineId: string, secret: string, body: string) {
  return fetch(hookUrl(tenantId, pipelineId), { method: 'POST', headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' }, body });
}

/** The runs of a pipeline with the input rows they were handed, read straight from the table under the tenant's session. */
function runsOf(tenant: TestTenant, pipelineId: string) {
  return t.platform.services.db.withTenant(tenant.tenantId, (tx) =>
    tx.select({ id: schema.pipelineRuns.id, trigger: schema.pipelineRuns.trigger, status: schema.pipelineRuns.status, input: schema.pipelineRuns.input }).from(schema.pipelineRuns).where(eq(schema.pipelineRuns.pipelineId, pipelineId)),
  );
}

async function webhookAudit(tenant: TestTenant) {
  const page = (await t.call(tenant.ownerPrincipal, 'audit.list', { limit: 200 })) as { items: Array<{ operation: string; front: string; outcome: string; errorCode: string | null }> };
  return page.items.filter((item) => item.operation === 'pipelines.receiveWebhook');
}

beforeAll(async () => {
  // Ingest alone: the intake is ingest's, and with no worker the runs it starts stay queued for the test to read.
  t = await createTestPlatform({ FACILFLOW_HTTP_PORT: String(await freePort()), FACILFLOW_ROLES: 'ingest' });
  server = await createServer({ config: t.platform.config, platform: t.platform, runtime: t.runtime });
  plantA = await t.createTenant('Webhook Plant A');
  plantB = await t.createTenant('Webhook Plant B');
  ownerA = plantA.ownerPrincipal;
  ownerB = plantB.ownerPrincipal;
});
afterAll(async () => {
  await server?.close();
  await t?.close();
});

describe('pipeline webhook intake, through the HTTP server', () => {
  it('with the secret, queues a run of the latest version with the body as its input, audited under front webhook', async () => {
    const hook = await webhookPipeline(ownerA);
    expect(hook.secret).toMatch(/^ffwh_/);
    const rows = [
      { machine: 'Oven2', batch: 'B-1042', weightKg: 12.5 },
      { machine: 'Oven3', batch: 'B-1043', weightKg: 11.9 },
    ];
    const response = await post(plantA.tenantId, hook.id, hook.secret, JSON.stringify(rows));
    expect(response.status).toBe(202);
    const { run } = (await response.json()) as { run: { id: string; trigger: string; status: string; version: number; pipelineId: string } };
    expect(run).toMatchObject({ trigger: 'webhook', status: 'queued', version: 1, pipelineId: hook.id });
    expect(await runsOf(plantA, hook.id)).toEqual([{ id: run.id, trigger: 'webhook', status: 'queued', input: rows }]);

    const single = await post(plantA.tenantId, hook.id, hook.secret, JSON.stringify({ machine: 'Oven2', door: 'open' }));
    expect(single.status).toBe(202);
    const inputs = (await runsOf(plantA, hook.id)).map((row) => row.input);
    expect(inputs).toContainEqual([{ machine: 'Oven2', door: 'open' }]);
    expect((await webhookAudit(plantA)).filter((item) => item.outcome === 'ok')).toHaveLength(2);
    expect((await webhookAudit(plantA)).every((item) => item.front === 'webhook')).toBe(true);
  });

  it('a wrong secret, B’s secret on A’s pipeline and A’s pipeline under B’s tenant are refused alike, and nothing is queued', async () => {
    const a = await webhookPipeline(ownerA);
    const b = await webhookPipeline(ownerB);
    const body = JSON.stringify({ n: 1 });
    const attempts = [
      () => post(plantA.tenantId, a.id, `ffwh_${'x'.repeat(43)}`, body),
      () => post(plantA.tenantId, a.id, b.secret, body),
      () => post(plantB.tenantId, a.id, a.secret, body),
      () => post(plantA.tenantId, 'pl_aaaaaaaaaaaaaaaa', a.secret, body),
      () => post(plantA.tenantId, a.id, '', body),
    ];
    const answers: Array<{ status: number; body: unknown }> = [];
    for (const attempt of attempts) {
      const response = await attempt();
      answers.push({ status: response.status, body: await response.json() });
    }
    for (const answer of answers) expect(answer).toEqual({ status: 401, body: { code: 'UNAUTHENTICATED', message: 'No pipeline webhook answers to this address and secret' } });
    expect(await runsOf(plantA, a.id)).toEqual([]);
    expect(await runsOf(plantB, a.id)).toEqual([]);
    expect(await runsOf(plantB, b.id)).toEqual([]);
    // The refusals with A's address are recorded in A, never in B.
    expect((await webhookAudit(plantA)).filter((item) => item.errorCode === 'UNAUTHENTICATED').length).toBeGreaterThanOrEqual(2);
    expect((await webhookAudit(plantB)).filter((item) => item.outcome !== 'ok')).toEqual([]);
  });

  it('refuses a huge, a deep, a NUL-carrying or a nested body with a clear 4xx, and queues nothing', async () => {
    const hook = await webhookPipeline(ownerA);
    const huge = await post(plantA.tenantId, hook.id, hook.secret, JSON.stringify({ blob: 'x'.repeat(BODY_LIMITS.webhookBytes) }));
    expect(huge.status).toBe(413);
    expect(await huge.json()).toMatchObject({ code: 'INVALID', limit: 'maxBodyBytes' });

    const deep = await post(plantA.tenantId, hook.id, hook.secret, `${'['.repeat(10_000)}${']'.repeat(10_000)}`);
    expect(deep.status).toBe(400);
    expect(await deep.json()).toMatchObject({ code: 'INVALID', limit: 'maxDepth' });

    const nul = await post(plantA.tenantId, hook.id, hook.secret, JSON.stringify({ note: 'a\u0000b' }));
    expect(nul.status).toBe(400);
    expect(((await nul.json()) as { message: string }).message).toMatch(/payload\.note/);

    const nested = await post(plantA.tenantId, hook.id, hook.secret, JSON.stringify({ machine: { id: 'Oven2' } }));
    expect(nested.status).toBe(400);
    expect(await nested.json()).toMatchObject({ code: 'INVALID' });

    const broken = await post(plantA.tenantId, hook.id, hook.secret, '{"machine":');
    expect(broken.status).toBe(400);
    expect(await runsOf(plantA, hook.id)).toEqual([]);
  });

  it('answers 409 for a pipeline that is not started or has no webhook trigger', async () => {
    const stopped = await webhookPipeline(ownerA, { start: false });
    const notStarted = await post(plantA.tenantId, stopped.id, stopped.secret, '{}');
    expect(notStarted.status).toBe(409);
    expect(((await notStarted.json()) as { message: string }).message).toMatch(/published and started/);

    // The webhook trigger removed in version 2: the secret still opens the pipeline, whose latest version has no webhook.
    const hook = await webhookPipeline(ownerA);
    await t.call(ownerA, 'pipelines.update', { id: hook.id, spec: spec(`manual ${hook.id}`, [{ type: 'manual' }]) });
    await t.call(ownerA, 'pipelines.publish', { id: hook.id });
    const manualOnly = await post(plantA.tenantId, hook.id, hook.secret, '{}');
    expect(manualOnly.status).toBe(409);
    expect(((await manualOnly.json()) as { message: string }).message).toMatch(/no webhook trigger/);
    expect(await runsOf(plantA, stopped.id)).toEqual([]);
    expect(await runsOf(plantA, hook.id)).toEqual([]);
  });
});

import type { Approval, AuditRecord, Principal, Role, TenantScope } from '@facilflow/contracts';
import {
  catalogPipelineEngine, claimRun, controlRun, createPipeline, pipelineRunsChannel, processPipelineRuns, publishPipeline, queueRun, recoverPipelineRuns, releaseRun,
  type PipelineRunWorker, type Services,
} from '@facilflow/core';
import { COMPONENTS, RunControl } from '@facilflow/pipelines';
import { createTestPlatform, type TestPlatform, type TestTenant } from '@facilflow/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executeClaimedRun } from '../../src/pipeline-runs/execute-claimed-run.ts';
import { counterRows } from '../pipelines/test-catalog.ts';
import { runEnded, runWhen, startRunOf } from './worker-helpers.ts';
import { objectSink } from './worker-test-components.ts';

/**
 * The pipeline approval gate decided by the platform's approvals: the run waits on an approval
 * row a person decides with approvals.approve / approvals.reject, through the real worker.
 */
let t: TestPlatform;
let services: Services;
let tenant: TestTenant;
let scope: TenantScope;
let worker: PipelineRunWorker;

const gateOnly = COMPONENTS.filter((component) => component.name === 'control.approval-gate');

beforeAll(async () => {
  t = await createTestPlatform();
  t.platform.services.pipelineEngine = catalogPipelineEngine([counterRows, objectSink, ...gateOnly]);
  services = t.platform.services;
  tenant = await t.createTenant('Gate plant');
  scope = { tenantId: tenant.tenantId, actor: tenant.ownerPrincipal.actor, role: 'owner' };
  // The periodic sweep is left to the tests that stage a takeover: each calls it when the run is nobody's.
  worker = await processPipelineRuns(services, { recheckMs: 10, recoverEveryMs: 600_000 });
});
afterAll(async () => {
  await worker?.close();
  await t?.close();
});

const code = (p: Promise<unknown>) => p.then(() => 'ok', (e: { code: string }) => e.code);
const refusal = (p: Promise<unknown>) => p.then(() => ({ code: 'ok', message: '' }), (e: { code: string; message: string }) => e);

function gatedStages(gate: Record<string, unknown> = {}, errorPolicy?: Record<string, unknown>) {
  return [
    { id: 'src', use: 'source.counter-rows', with: { count: 3 } },
    {
      id: 'gate',
      use: 'control.approval-gate',
      with: { title: 'Write setpoints', instructions: 'Check n stays under 3.', approverRoles: ['engineer'], ...gate },
      needs: ['src'],
      ...(errorPolicy ? { errorPolicy } : {}),
    },
    { id: 'sink', use: 'sink.test-run-output', needs: ['gate'] },
  ];
}

async function person(role: Role, of: TestTenant = tenant): Promise<Principal> {
  return t.memberPrincipal(of.tenantId, role);
}
async function decide(principal: Principal, verb: 'approve' | 'reject', id: string, reason?: string): Promise<Approval> {
  const out = (await t.runtime.invoke(principal, 'web', `approvals.${verb}`, { id, ...(reason ? { reason } : {}) })) as { approval: Approval };
  return out.approval;
}
async function gateApprovals(runId: string): Promise<Approval[]> {
  const { approvals } = (await t.call(tenant.ownerPrincipal, 'approvals.list', { limit: 200 })) as { approvals: Approval[] };
  return approvals.filter((approval) => approval.input.runId === runId);
}
/** The run waits on its gate: the request is filed before the run turns waiting_approval. */
async function waitingOn(runId: string): Promise<Approval> {
  await runWhen(services, scope, runId, (run) => run.status === 'waiting_approval');
  const [approval, ...more] = await gateApprovals(runId);
  expect(more).toEqual([]);
  return approval!;
}
async function writtenRows(runId: string): Promise<unknown[][]> {
  const objects = await services.objects.list(tenant.tenantId, `runs/${runId}/`);
  const bodies: unknown[][] = [];
  for (const object of objects) {
    const found = await services.objects.get(tenant.tenantId, object.key);
    bodies.push(JSON.parse(new TextDecoder().decode(found!.bytes)) as unknown[]);
  }
  return bodies;
}

describe('a gate a person decides', () => {
  it('shows the plan in approvals.list; approved, the run succeeds with the rows written downstream and the decision audited', async () => {
    const run = await startRunOf(services, scope, 'Gate approved', gatedStages());
    const asked = await waitingOn(run.id);
    expect(asked).toMatchObject({
      operation: 'control.approval-gate',
      status: 'pending',
      requester: { actorId: 'system:pipeline-worker', front: 'system' },
      input: { runId: run.id, stageId: 'gate', title: 'Write setpoints', instructions: 'Check n stays under 3.', approverRoles: ['engineer'], rowCount: 3 },
    });
    expect(asked.input.sample).toEqual([{ time: 0, n: 0 }, { time: 1000, n: 1 }, { time: 2000, n: 2 }]);
    expect(asked.plan).toContain('Write setpoints');
    expect(asked.plan).toContain('3 rows');

    const engineer = await person('engineer');
    const applied = await decide(engineer, 'approve', asked.id, 'deltas fine');
    expect(applied).toMatchObject({ status: 'applied', decidedVia: 'web', reason: 'deltas fine', result: { released: { runId: run.id, stageId: 'gate' } } });

    const { run: ended, steps } = await runEnded(services, scope, run.id);
    expect(ended.status).toBe('succeeded');
    expect(steps.map((s) => [s.stageId, s.status])).toEqual([['src', 'succeeded'], ['gate', 'succeeded'], ['sink', 'succeeded']]);
    expect(await writtenRows(run.id)).toEqual([[{ time: 0, n: 0 }, { time: 1000, n: 1 }, { time: 2000, n: 2 }]]);
    const audited = ((await t.call(tenant.ownerPrincipal, 'audit.list', { operation: 'approvals.approve', limit: 50 })) as { items: AuditRecord[] }).items;
    expect(audited.filter((r) => r.outcome === 'ok' && JSON.stringify(r.input).includes(asked.id))).toHaveLength(1);
  });

  it('rejected, the gate step fails with the reason and the run fails (the default error policy); nothing is written', async () => {
    const run = await startRunOf(services, scope, 'Gate rejected', gatedStages());
    const asked = await waitingOn(run.id);
    const rejected = await decide(await person('engineer'), 'reject', asked.id, 'deltas too large');
    expect(rejected).toMatchObject({ status: 'rejected', reason: 'deltas too large' });
    const { run: ended, steps } = await runEnded(services, scope, run.id);
    expect(ended.status).toBe('failed');
    expect(ended.error).toMatchObject({ code: 'rejected', message: expect.stringContaining('deltas too large') });
    expect(steps.find((s) => s.stageId === 'gate')).toMatchObject({ status: 'failed', error: { code: 'rejected', message: expect.stringContaining('deltas too large') } });
    expect(steps.find((s) => s.stageId === 'sink')?.status).toBe('skipped');
    expect(await writtenRows(run.id)).toEqual([]);
    expect(await code(decide(await person('engineer'), 'approve', asked.id))).toBe('CONFLICT');
  });

  it('rejected under onError "continue", the run goes on without the held rows', async () => {
    const run = await startRunOf(services, scope, 'Gate rejected, continue', gatedStages({}, { onError: 'continue' }));
    const asked = await waitingOn(run.id);
    await decide(await person('engineer'), 'reject', asked.id, 'not today');
    const { run: ended, steps } = await runEnded(services, scope, run.id);
    expect(ended.status).toBe('succeeded');
    expect(steps.find((s) => s.stageId === 'gate')).toMatchObject({ status: 'failed', error: { message: expect.stringContaining('not today') } });
    expect((await writtenRows(run.id)).flat()).toEqual([]);
  });
});

describe('who decides a gate', () => {
  it("only a person with one of the gate's approver roles, approving or rejecting", async () => {
    const run = await startRunOf(services, scope, 'Gate role matrix', gatedStages({ approverRoles: ['operator'] }));
    const asked = await waitingOn(run.id);
    for (const role of ['owner', 'admin', 'engineer'] as const) {
      const principal = await person(role);
      expect(await refusal(decide(principal, 'approve', asked.id)), role).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('decided by operator') });
      expect(await code(decide(principal, 'reject', asked.id)), role).toBe('FORBIDDEN');
    }
    // A viewer may not approve anything at all.
    expect(await code(decide(await person('viewer'), 'approve', asked.id))).toBe('FORBIDDEN');
    // The runtime's rule holds for gates too: no key, and no model-facing front.
    const key = await t.runtime.authenticate(await t.apiKey(tenant.tenantId, 'operator'));
    expect(await code(t.runtime.invoke(key, 'cli', 'approvals.approve', { id: asked.id }))).toBe('FORBIDDEN');
    const operator = await person('operator');
    expect(await code(t.runtime.invoke(operator, 'mcp', 'approvals.approve', { id: asked.id }))).toBe('FORBIDDEN');
    expect((await gateApprovals(run.id))[0]).toMatchObject({ status: 'pending', decidedBy: null });

    expect(await decide(operator, 'approve', asked.id)).toMatchObject({ status: 'applied' });
    expect((await runEnded(services, scope, run.id)).run.status).toBe('succeeded');
  });

  it("keeps tenants apart: tenant B cannot list, get, approve or reject A's gate request", async () => {
    const run = await startRunOf(services, scope, 'Gate cross-tenant', gatedStages({ approverRoles: ['owner', 'admin', 'engineer', 'operator'] }));
    const asked = await waitingOn(run.id);
    const other = await t.createTenant('Gate other plant');
    for (const role of ['owner', 'engineer', 'operator'] as const) {
      const outsider = await person(role, other);
      const { approvals } = (await t.call(outsider, 'approvals.list', { limit: 200 })) as { approvals: Approval[] };
      expect(approvals.map((a) => a.id), role).not.toContain(asked.id);
      expect(await code(t.call(outsider, 'approvals.get', { id: asked.id })), role).toBe('NOT_FOUND');
      expect(await code(decide(outsider, 'approve', asked.id)), role).toBe('NOT_FOUND');
      expect(await code(decide(outsider, 'reject', asked.id)), role).toBe('NOT_FOUND');
    }
    expect((await gateApprovals(run.id))[0]).toMatchObject({ status: 'pending' });
    await decide(await person('engineer'), 'approve', asked.id);
    expect((await runEnded(services, scope, run.id)).run.status).toBe('succeeded');
  });
});

describe('a wait that ends without a decision', () => {
  it('cancelled while waiting: the run ends cancelled and its request is no longer pending, nor approvable', async () => {
    const run = await startRunOf(services, scope, 'Gate cancelled', gatedStages());
    const asked = await waitingOn(run.id);
    await controlRun(services, scope, { id: run.id }, 'cancel');
    expect((await runEnded(services, scope, run.id)).run.status).toBe('cancelled');
    expect((await gateApprovals(run.id))[0]).toMatchObject({ status: 'expired', result: { error: { code: 'withdrawn', message: expect.stringContaining('cancelled') } } });
    expect(await refusal(decide(await person('engineer'), 'approve', asked.id))).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('already expired') });
    expect(await writtenRows(run.id)).toEqual([]);
  });

  it("past the stage's timeout: the step times out and the request expires", async () => {
    const run = await startRunOf(services, scope, 'Gate timed out', gatedStages({}, { timeoutMs: 300 }));
    const { run: ended, steps } = await runEnded(services, scope, run.id);
    expect(ended.status).toBe('timed_out');
    expect(steps.find((s) => s.stageId === 'gate')?.status).toBe('timed_out');
    const [asked] = await gateApprovals(run.id);
    expect(asked).toMatchObject({ status: 'expired', result: { error: { code: 'withdrawn', message: expect.stringContaining('timed out') } } });
    expect(await code(decide(await person('engineer'), 'approve', asked!.id))).toBe('CONFLICT');
  });
});

describe('a gate across workers', () => {
  /**
   * Worker "A" executes the run until it waits on its gate, then loses it as a killed or cut-off
   * worker does: its execution is fenced (it writes nothing more) and its lease is gone.
   */
  async function waitingOnALostWorker(name: string) {
    const { pipeline } = await createPipeline(services, scope, { spec: { name, triggers: [{ type: 'manual' }], stages: gatedStages() } });
    await publishPipeline(services, scope, { id: pipeline.id });
    const queued = await queueRun(services, scope, { pipelineId: pipeline.id, trigger: 'manual' });
    const claim = await claimRun(services, tenant.tenantId, queued.id, 'worker-a', 600_000);
    if (!claim.claimed) throw new Error('worker A could not claim the run');
    let held = true;
    const lost = new AbortController();
    const executing = executeClaimedRun(services, { run: claim.run, takeover: false, control: new RunControl(), signal: lost.signal, stillHeld: () => held });
    const asked = await waitingOn(queued.id);
    held = false;
    lost.abort(new Error(`run ${queued.id} was taken over by another worker`));
    await executing;
    await releaseRun(services, tenant.tenantId, queued.id, 'worker-a');
    return { runId: queued.id, asked };
  }

  /** Resolves once the run's holder tells live views it waits on approval: it asked for the gate's request first. */
  async function toldWaiting(runId: string): Promise<() => Promise<void>> {
    let told: () => void = () => undefined;
    const heard = new Promise<void>((resolve) => (told = resolve));
    const stop = await services.bus.subscribe(pipelineRunsChannel(tenant.tenantId), (message) => {
      const m = message as { type?: string; runId?: string; status?: string };
      if (m.type === 'pipeline:status' && m.runId === runId && m.status === 'waiting_approval') told();
    });
    return async () => {
      await heard;
      await stop();
    };
  }

  it('a worker taking the run over waits on the same request, and the approval releases it', async () => {
    const { runId, asked } = await waitingOnALostWorker('Gate taken over');
    expect((await gateApprovals(runId))[0]).toMatchObject({ id: asked.id, status: 'pending' });
    const waiting = await toldWaiting(runId);
    await recoverPipelineRuns(services);
    await waiting();
    expect(worker.running()).toContain(runId);
    expect((await gateApprovals(runId)).map((a) => [a.id, a.status])).toEqual([[asked.id, 'pending']]);
    await decide(await person('engineer'), 'approve', asked.id);
    expect((await runEnded(services, scope, runId)).run.status).toBe('succeeded');
    expect((await gateApprovals(runId)).map((a) => [a.id, a.status])).toEqual([[asked.id, 'applied']]);
    expect(await writtenRows(runId)).toHaveLength(1);
  });

  it('a decision made while no worker held the run is found by the one that takes it', async () => {
    const { runId, asked } = await waitingOnALostWorker('Gate decided while unheld');
    await decide(await person('engineer'), 'approve', asked.id);
    await recoverPipelineRuns(services);
    expect((await runEnded(services, scope, runId)).run.status).toBe('succeeded');
    expect((await gateApprovals(runId)).map((a) => [a.id, a.status])).toEqual([[asked.id, 'applied']]);
    expect(await writtenRows(runId)).toHaveLength(1);
  });
});

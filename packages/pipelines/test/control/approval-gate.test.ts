import { describe, expect, it } from 'vitest';
import { approvalGateComponent } from '../../src/components/control/approval-gate.ts';
import type { ApprovalDecision, ApprovalPlan, Approvals } from '../../src/executor/approvals.ts';
import { executeRun } from '../../src/executor/execute-run.ts';
import { InMemoryRunRecorder } from '../../src/executor/in-memory-run-recorder.ts';
import { RUN, spec, testComponents, unusedServices } from '../executor/test-components.ts';
import { runPipeline } from './run-pipeline.ts';

/** Approval requests a test decides on, as a person would through the approvals side. */
class DecidedByTest implements Approvals {
  readonly plans: ApprovalPlan[] = [];
  private readonly pending = new Map<string, (decision: ApprovalDecision) => void>();
  private announce: () => void = () => undefined;
  readonly requested = new Promise<void>((resolve) => (this.announce = resolve));

  requestApproval(plan: ApprovalPlan): Promise<string> {
    this.plans.push(plan);
    return Promise.resolve(`approval-${this.plans.length}`);
  }

  waitForDecision(approvalId: string): Promise<ApprovalDecision> {
    return new Promise((resolve) => {
      this.pending.set(approvalId, resolve);
      this.announce();
    });
  }

  readonly withdrawn: Array<{ approvalId: string; why: string }> = [];

  withdraw(approvalId: string, why: string): Promise<void> {
    this.withdrawn.push({ approvalId, why });
    return Promise.resolve();
  }

  decide(approvalId: string, decision: ApprovalDecision): void {
    this.pending.get(approvalId)?.(decision);
  }
}

const gated = spec([
  { id: 'src', use: 'source.test-emit', with: { rows: [{ setpoint: 180 }] } },
  { id: 'gate', use: 'control.approval-gate', with: { title: 'Write setpoints', instructions: 'Check them', approverRoles: ['engineer'] }, needs: ['src'] },
  { id: 'write', use: 'transform.test-pass', needs: ['gate'] },
]);

async function startGated() {
  const recorder = new InMemoryRunRecorder();
  const approvals = new DecidedByTest();
  const running = executeRun({ spec: gated, run: { ...RUN, runId: 'run-1' }, services: unusedServices, recorder, approvals, components: testComponents().lookup });
  await approvals.requested;
  return { recorder, approvals, running };
}

describe('control.approval-gate', () => {
  it('accepts its example', () => {
    for (const example of approvalGateComponent.examples) expect(approvalGateComponent.config.safeParse(example.with).success).toBe(true);
  });

  it('waits in waiting_approval with the request, then goes on when approved', async () => {
    const { recorder, approvals, running } = await startGated();
    expect(recorder.getRun('run-1')?.status).toBe('waiting_approval');
    expect(recorder.getSteps('run-1').find((step) => step.stageId === 'gate')?.status).toBe('waiting_approval');
    expect(approvals.plans).toEqual([
      { tenantId: 'tenant-a', pipelineId: 'pipe-1', runId: 'run-1', stageId: 'gate', title: 'Write setpoints', instructions: 'Check them', approverRoles: ['engineer'], rowCount: 1, sample: [{ setpoint: 180 }] },
    ]);
    approvals.decide('approval-1', { approved: true, decidedBy: 'eve', reason: null });
    const outcome = await running;
    expect(outcome.status).toBe('succeeded');
    expect(outcome.stages).toMatchObject({ gate: 'succeeded', write: 'succeeded' });
  });

  it('fails the step with the reason when rejected, and the stages after it are skipped', async () => {
    const { approvals, running } = await startGated();
    approvals.decide('approval-1', { approved: false, decidedBy: 'eve', reason: 'deltas too large' });
    const outcome = await running;
    expect(outcome.status).toBe('failed');
    expect(outcome.error).toMatchObject({ message: 'rejected by eve: deltas too large', code: 'rejected', path: ['stages', 1] });
    expect(outcome.stages).toMatchObject({ gate: 'failed', write: 'skipped' });
  });

  it('ends a wait nobody answers at the stage timeout, and a cancel while waiting cancels the run', async () => {
    const withTimeout = spec(gated.stages.map((stage) => (stage.id === 'gate' ? { ...stage, errorPolicy: { timeoutMs: 20 } } : stage)));
    const unanswered = new DecidedByTest();
    const timedOut = await runPipeline(withTimeout.stages, { approvals: unanswered });
    expect(timedOut.outcome.status).toBe('timed_out');
    expect(timedOut.outcome.stages).toMatchObject({ gate: 'timed_out', write: 'skipped' });
    expect(unanswered.plans[0]?.expiresInMs).toBe(20);
    expect(unanswered.withdrawn).toEqual([{ approvalId: 'approval-1', why: 'the run stopped waiting: the stage timed out' }]);

    const recorder = new InMemoryRunRecorder();
    const approvals = new DecidedByTest();
    const cancel = new AbortController();
    const running = executeRun({ spec: gated, run: { ...RUN, runId: 'run-1' }, services: unusedServices, recorder, approvals, signal: cancel.signal, components: testComponents().lookup });
    await approvals.requested;
    cancel.abort();
    const outcome = await running;
    expect(outcome.status).toBe('cancelled');
    expect(outcome.stages).toMatchObject({ gate: 'cancelled', write: 'cancelled' });
    expect(recorder.getRun('run-1')?.status).toBe('cancelled');
    expect(approvals.withdrawn.map((w) => w.approvalId)).toEqual(['approval-1']);
  });

  it('fails when the executor has no approvals service', async () => {
    const { outcome } = await runPipeline(gated.stages);
    expect(outcome.error?.code).toBe('no_approvals');
  });
});

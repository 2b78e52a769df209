import type { PipelineRow } from '@facilflow/contracts';

/** What a person is asked to approve: enough to decide without opening the run. */
export interface ApprovalPlan {
  tenantId: string;
  pipelineId: string;
  runId: string;
  stageId: string;
  title: string;
  /** Why the pipeline asks, written by the spec's author. */
  instructions: string;
  /** Roles that may decide (the approvals side enforces them). */
  approverRoles: readonly string[];
  rowCount: number;
  /** The first rows the gate holds back, so the approver sees what would go on. */
  sample: readonly PipelineRow[];
  /** The stage's timeout, when it has one: the request need not outlive the wait. */
  expiresInMs?: number;
}

export interface ApprovalDecision {
  approved: boolean;
  decidedBy: string | null;
  reason: string | null;
}

/**
 * Where an approval gate asks a person: the platform's approvals implement it; the executor
 * only requests and waits. `requestApproval` for a gate asked already (a worker took the run
 * over) returns the same request. `waitForDecision` rejects when `signal` aborts (run cancelled
 * or the gate's timeout); the executor then calls `withdraw`, so nobody approves a request no
 * run waits on.
 */
export interface Approvals {
  requestApproval(plan: ApprovalPlan): Promise<string>;
  waitForDecision(approvalId: string, signal: AbortSignal): Promise<ApprovalDecision>;
  /** The run stopped waiting, `why` says how; an implementation whose run has passed to another worker leaves the request to it. */
  withdraw(approvalId: string, why: string): Promise<void>;
}

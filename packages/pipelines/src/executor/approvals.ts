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
}

export interface ApprovalDecision {
  approved: boolean;
  decidedBy: string | null;
  reason: string | null;
}

/**
 * Where an approval gate asks a person: the approvals of the Jarvis or governance work implement
 * it; the executor only requests and waits. `waitForDecision` rejects when `signal` aborts (run
 * cancelled or the gate's timeout), so an abandoned request does not hold the run.
 */
export interface Approvals {
  requestApproval(plan: ApprovalPlan): Promise<string>;
  waitForDecision(approvalId: string, signal: AbortSignal): Promise<ApprovalDecision>;
}

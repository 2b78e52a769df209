import type { Approvals } from '@facilflow/pipelines';
import { requestGateApproval } from '../approvals/request-gate-approval.ts';
import { waitForGateDecision } from '../approvals/wait-for-gate-decision.ts';
import { withdrawGateApproval } from '../approvals/withdraw-gate-approval.ts';
import type { Services } from '../services.ts';

/**
 * A claimed run's approval gates, asked on the platform's approvals in the run's own tenant (the
 * claimed row's, never the plan's). A worker that lost the run writes nothing: the new holder
 * finds the same request and waits on it.
 */
export function runApprovals(services: Services, tenantId: string, stillHeld: () => boolean): Approvals {
  return {
    requestApproval: async (plan) => (await requestGateApproval(services, tenantId, plan)).id,
    waitForDecision: (approvalId, signal) => waitForGateDecision(services, tenantId, approvalId, signal),
    withdraw: async (approvalId, why) => {
      if (stillHeld()) await withdrawGateApproval(services, tenantId, approvalId, why);
    },
  };
}

import type { ApprovalStatus, JarvisProposal } from '@facilflow/contracts';
import { useState } from 'react';
import { ApprovalDecision } from '../approvals/approval-decision.tsx';
import { ApprovalStatusPill } from '../approvals/approval-status.tsx';

/**
 * A destructive call Jarvis stopped: the plan and the pending approval, which the person
 * decides here with their own click (approvals.approve/reject over tRPC), not in the conversation.
 */
export function ConfirmationCard({ proposal }: { proposal: JarvisProposal }) {
  const [decided, setDecided] = useState<ApprovalStatus | null>(null);
  return (
    <div className="confirm proposal" role="group" aria-label={`Approve ${proposal.operation}?`} data-testid="jarvis-proposal" data-approval-id={proposal.approvalId ?? ''}>
      <p>
        <strong>Jarvis asks to run</strong> <code>{proposal.operation}</code>
      </p>
      <p data-testid="jarvis-proposal-plan">{proposal.plan}</p>
      {proposal.approvalId === null ? (
        <p className="muted">No approval was filed for this call ({proposal.code}).</p>
      ) : (
        <>
          <p className="muted">
            Approval <a href={`/approvals/${proposal.approvalId}`}>{proposal.approvalId}</a>
          </p>
          {decided ? <ApprovalStatusPill status={decided} /> : <ApprovalDecision approvalId={proposal.approvalId} onDecided={setDecided} />}
        </>
      )}
    </div>
  );
}

import type { ApprovalStatus, ErrorCode } from '@facilflow/contracts';
import { useState } from 'react';
import { callProblem, trpcClient } from '../../lib/trpc.client.ts';
import { useSettings } from '../../lib/settings.ts';
import { ProblemMessage } from '../problem-message.tsx';

type State = { kind: 'idle' } | { kind: 'busy' } | { kind: 'failed'; problem: { code: ErrorCode; message: string } };

/**
 * Approve or reject a pending request as the signed-in person, over tRPC with their ID token:
 * the decision is theirs, made outside any conversation a model takes part in.
 */
export function ApprovalDecision({ approvalId, onDecided }: { approvalId: string; onDecided: (status: ApprovalStatus) => void }) {
  const { firebase } = useSettings();
  const [state, setState] = useState<State>({ kind: 'idle' });
  const [reason, setReason] = useState('');

  const decide = async (decision: 'approve' | 'reject') => {
    setState({ kind: 'busy' });
    const input = { id: approvalId, ...(reason.trim() ? { reason: reason.trim() } : {}) };
    try {
      const client = trpcClient(firebase);
      const { approval } = await (decision === 'approve' ? client.approvals.approve.mutate(input) : client.approvals.reject.mutate(input));
      setState({ kind: 'idle' });
      onDecided(approval.status);
    } catch (error) {
      setState({ kind: 'failed', problem: callProblem(error) });
    }
  };

  const busy = state.kind === 'busy';
  return (
    <div className="stack" data-testid="approval-decision">
      <label>
        Reason <span className="muted">(optional, kept in the audit trail)</span>
        <input value={reason} maxLength={500} onChange={(event) => setReason(event.target.value)} data-testid="approval-reason" />
      </label>
      <div className="row">
        <button type="button" className="button primary" disabled={busy} onClick={() => void decide('approve')} data-testid="approval-approve">
          Approve
        </button>
        <button type="button" className="button danger" disabled={busy} onClick={() => void decide('reject')} data-testid="approval-reject">
          Reject
        </button>
      </div>
      {state.kind === 'failed' ? <ProblemMessage problem={{ code: state.problem.code, message: `${state.problem.code}: ${state.problem.message}` }} /> : null}
    </div>
  );
}

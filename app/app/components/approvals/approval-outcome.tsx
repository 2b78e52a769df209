import type { Approval } from '@facilflow/contracts';
import { formatTime } from '../../lib/format-time.ts';

/** What the decision did: who decided, when and why, and the applied call's result or error. */
export function ApprovalOutcome({ approval }: { approval: Approval }) {
  if (approval.status === 'pending') return null;
  return (
    <div className="stack" data-testid="approval-outcome">
      <dl className="facts">
        <dt>Decided by</dt>
        <dd>{approval.decidedBy ? `${approval.decidedBy} via ${approval.decidedVia ?? '—'}` : '—'}</dd>
        <dt>Decided</dt>
        <dd>{formatTime(approval.decidedAt)}</dd>
        <dt>Reason</dt>
        <dd>{approval.reason ?? '—'}</dd>
        <dt>Applied</dt>
        <dd>{formatTime(approval.appliedAt)}</dd>
      </dl>
      {approval.result === null ? null : (
        <>
          <h3>{approval.status === 'failed' ? 'Error' : 'Result'}</h3>
          <pre data-testid="approval-result">{JSON.stringify(approval.result, null, 2)}</pre>
        </>
      )}
    </div>
  );
}

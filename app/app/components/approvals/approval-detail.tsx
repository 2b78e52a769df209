import type { Approval } from '@facilflow/contracts';
import { useRevalidator } from '@remix-run/react';
import { formatTime } from '../../lib/format-time.ts';
import { ApprovalDecision } from './approval-decision.tsx';
import { ApprovalOutcome } from './approval-outcome.tsx';
import { ApprovalRequesterText } from './approval-requester.tsx';
import { ApprovalStatusPill } from './approval-status.tsx';
import { ExpiryCountdown } from './expiry-countdown.tsx';

/** One request: its plan, the exact input (model-written, so shown as text only), who asked, and the decision. */
export function ApprovalDetail({ approval }: { approval: Approval }) {
  const { revalidate } = useRevalidator();
  return (
    <section className="card wide" data-testid="approval-detail" data-approval-id={approval.id}>
      <p className="eyebrow">
        <a href="/approvals">Approvals</a>
      </p>
      <h1>
        <code>{approval.operation}</code> <ApprovalStatusPill status={approval.status} />
      </h1>
      <p className="plan" data-testid="approval-plan">
        {approval.plan}
      </p>
      <dl className="facts">
        <dt>Asked by</dt>
        <dd>
          <ApprovalRequesterText requester={approval.requester} />
        </dd>
        <dt>Created</dt>
        <dd>{formatTime(approval.createdAt)}</dd>
        <dt>Expires</dt>
        <dd>{approval.status === 'pending' ? <ExpiryCountdown expiresAt={approval.expiresAt} /> : formatTime(approval.expiresAt)}</dd>
        <dt>Id</dt>
        <dd>
          <code>{approval.id}</code>
        </dd>
      </dl>
      <h3>Exact input</h3>
      <pre data-testid="approval-input">{JSON.stringify(approval.input, null, 2)}</pre>
      {approval.status === 'pending' ? <ApprovalDecision approvalId={approval.id} onDecided={() => revalidate()} /> : <ApprovalOutcome approval={approval} />}
    </section>
  );
}

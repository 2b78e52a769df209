import type { Approval } from '@facilflow/contracts';
import { formatTime } from '../../lib/format-time.ts';
import { ApprovalRequesterText } from './approval-requester.tsx';
import { ApprovalStatusPill } from './approval-status.tsx';

export function ApprovalsTable({ approvals }: { approvals: Approval[] }) {
  if (approvals.length === 0) return <p className="empty">No request.</p>;
  return (
    <div className="table-wrap">
      <table data-testid="approval-list">
        <thead>
          <tr>
            <th>Operation</th>
            <th>Plan</th>
            <th>Asked by</th>
            <th>Created</th>
            <th>Expires</th>
            <th>Status</th>
          </tr>
        </thead>
        <tbody>
          {approvals.map((approval) => (
            <tr key={approval.id} data-testid="approval-row" data-approval-id={approval.id}>
              <td>
                <a href={`/approvals/${approval.id}`} data-testid="approval-link">
                  <code>{approval.operation}</code>
                </a>
              </td>
              <td className="plan-cell">{approval.plan}</td>
              <td>
                <ApprovalRequesterText requester={approval.requester} />
              </td>
              <td>{formatTime(approval.createdAt)}</td>
              <td>{formatTime(approval.expiresAt)}</td>
              <td>
                <ApprovalStatusPill status={approval.status} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

import type { ApprovalStatus } from '@facilflow/contracts';

const TONE: Record<ApprovalStatus, string> = {
  pending: 'warn',
  approved: 'warn',
  applied: 'ok',
  failed: 'bad',
  rejected: 'muted-pill',
  expired: 'muted-pill',
};

export function ApprovalStatusPill({ status }: { status: ApprovalStatus }) {
  return (
    <span className={`pill ${TONE[status]}`} data-testid="approval-status" data-status={status}>
      {status}
    </span>
  );
}

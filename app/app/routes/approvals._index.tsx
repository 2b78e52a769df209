import { APPROVAL_STATUSES, approvalStatusSchema, type Approval } from '@facilflow/contracts';
import { redirect, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, useLoaderData } from '@remix-run/react';
import { ApprovalsTable } from '../components/approvals/approvals-table.tsx';
import { ProblemMessage } from '../components/problem-message.tsx';
import { SignInPanel } from '../components/sign-in-panel.tsx';
import { invoke } from '../lib/operations.server.ts';

const LIST_LIMIT = 200;

export const meta: MetaFunction = () => [{ title: 'Approvals · FacilFlow' }];

// Waiting requests need a person now; the rest keep the list's newest-first order.
const pendingFirst = (approvals: Approval[]) => [...approvals].sort((a, b) => Number(b.status === 'pending') - Number(a.status === 'pending'));

export async function loader({ request, context }: LoaderFunctionArgs) {
  const session = await context.web.session();
  if (session.kind !== 'signed-in') return { view: 'signed-out' as const, expired: session.kind === 'expired' };
  if (!session.principal.tenantId) throw redirect('/');
  const asked = new URL(request.url).searchParams.get('status');
  const status = asked ? approvalStatusSchema.safeParse(asked) : null;
  const filter = status?.success ? status.data : undefined;
  const listed = await invoke(context, session.principal, 'approvals.list', { limit: LIST_LIMIT, ...(filter ? { status: filter } : {}) });
  return {
    view: 'list' as const,
    status: filter ?? null,
    approvals: listed.ok ? pendingFirst(listed.value.approvals) : [],
    problem: listed.ok ? null : listed.problem,
  };
}

export default function Approvals() {
  const page = useLoaderData<typeof loader>();
  if (page.view === 'signed-out') return <SignInPanel expired={page.expired} />;
  return (
    <section className="card wide">
      <h1>Approvals</h1>
      <p className="muted">
        Destructive calls a model asked for (MCP, Jarvis) and pipeline approval gates wait here for a person. Open one to see the exact input and decide it.
      </p>
      <Form method="get" className="inline-form">
        <label>
          Status
          <select name="status" defaultValue={page.status ?? ''} data-testid="approval-status-filter">
            <option value="">all</option>
            {APPROVAL_STATUSES.map((status) => (
              <option key={status} value={status}>
                {status}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="button">
          Filter
        </button>
      </Form>
      {page.problem ? <ProblemMessage problem={page.problem} /> : <ApprovalsTable approvals={page.approvals} />}
    </section>
  );
}

import { HTTP_STATUS_OF, idSchema } from '@facilflow/contracts';
import { data, redirect, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { ApprovalDetail } from '../components/approvals/approval-detail.tsx';
import { SignInPanel } from '../components/sign-in-panel.tsx';
import { invoke } from '../lib/operations.server.ts';

export const meta: MetaFunction = () => [{ title: 'Approval · FacilFlow' }];

export async function loader({ params, context }: LoaderFunctionArgs) {
  const session = await context.web.session();
  if (session.kind !== 'signed-in') return { view: 'signed-out' as const, expired: session.kind === 'expired' };
  if (!session.principal.tenantId) throw redirect('/');
  const id = idSchema.safeParse(params.id);
  // Another tenant's request is not found, like one that never existed: nothing of it is shown.
  const got = id.success ? await invoke(context, session.principal, 'approvals.get', { id: id.data }) : null;
  if (!got?.ok) {
    if (got && got.problem.code !== 'NOT_FOUND') throw data(got.problem.message, { status: HTTP_STATUS_OF[got.problem.code] });
    throw data('No such approval', { status: 404, statusText: 'Not Found' });
  }
  return { view: 'approval' as const, approval: got.value.approval };
}

export default function ApprovalPage() {
  const page = useLoaderData<typeof loader>();
  if (page.view === 'signed-out') return <SignInPanel expired={page.expired} />;
  return <ApprovalDetail approval={page.approval} />;
}

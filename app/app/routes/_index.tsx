import type { ApiKeyRole } from '@facilflow/contracts';
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { useClaimsRefresh } from '../auth/use-claims-refresh.ts';
import { AgentsPanel } from '../components/agents-panel.tsx';
import { ApiKeysPanel } from '../components/api-keys-panel.tsx';
import { AuditPanel } from '../components/audit-panel.tsx';
import { LatestValuesPanel } from '../components/latest-values-panel.tsx';
import { ProblemMessage } from '../components/problem-message.tsx';
import { QualityIssuesPanel } from '../components/quality-issues-panel.tsx';
import { SignInPanel } from '../components/sign-in-panel.tsx';
import { TenantList } from '../components/tenant-list.tsx';
import { TenantSetup } from '../components/tenant-setup.tsx';
import { TenantSummary } from '../components/tenant-summary.tsx';
import { invoke } from '../lib/operations.server.ts';
import { statusFor, type ActionResult } from '../lib/action-result.ts';

const AUDIT_ROWS = 20;
const ISSUE_ROWS = 20;

export async function loader({ context }: LoaderFunctionArgs) {
  const session = await context.web.session();
  if (session.kind !== 'signed-in') return { view: 'signed-out' as const, expired: session.kind === 'expired' };
  const { principal } = session;
  const tenants = await invoke(context, principal, 'tenants.listMine');
  if (!principal.tenantId) return { view: 'no-tenant' as const, tenants };
  const [tenant, apiKeys, audit, agents, latest, issues] = await Promise.all([
    invoke(context, principal, 'tenants.get'),
    invoke(context, principal, 'apiKeys.list'),
    invoke(context, principal, 'audit.list', { limit: AUDIT_ROWS }),
    invoke(context, principal, 'agents.list'),
    invoke(context, principal, 'telemetry.latest'),
    invoke(context, principal, 'quality.issues', { limit: ISSUE_ROWS }),
  ]);
  return { view: 'tenant' as const, tenants, tenant, apiKeys, audit, agents, latest, issues };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const intent = String(form.get('intent') ?? '');
  const session = await context.web.session();
  if (session.kind !== 'signed-in') {
    const problem = { code: 'UNAUTHENTICATED' as const, message: 'Your session has ended. Sign in again.', details: null };
    return data<ActionResult>({ intent, problem, refreshClaims: false, createdKey: null }, { status: 401 });
  }
  const { principal } = session;
  const field = (name: string) => String(form.get(name) ?? '');
  const result = await (async (): Promise<ActionResult> => {
    switch (intent) {
      case 'createTenant': {
        const created = await invoke(context, principal, 'tenants.create', { name: field('name') });
        return created.ok ? done(intent, { refreshClaims: true }) : failed(intent, created.problem);
      }
      case 'switchTenant': {
        const switched = await invoke(context, principal, 'tenants.switch', { tenantId: field('tenantId') });
        return switched.ok ? done(intent, { refreshClaims: true }) : failed(intent, switched.problem);
      }
      case 'createApiKey': {
        // A form field is text until the operation validates it, as it validates (and audits) every front's input.
        const created = await invoke(context, principal, 'apiKeys.create', { name: field('name'), role: field('role') as ApiKeyRole });
        if (!created.ok) return failed(intent, created.problem);
        const { apiKey, secret } = created.value;
        return done(intent, { createdKey: { secret, name: apiKey.name, role: apiKey.role } });
      }
      default:
        return failed(intent, { code: 'INVALID', message: `Unknown form intent "${intent}"`, details: null });
    }
  })();
  return data(result, { status: statusFor(result.problem) });
}

function done(intent: string, result: Partial<ActionResult>): ActionResult {
  return { intent, problem: null, refreshClaims: false, createdKey: null, ...result };
}

function failed(intent: string, problem: ActionResult['problem']): ActionResult {
  return { intent, problem, refreshClaims: false, createdKey: null };
}

export default function Index() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const claims = useClaimsRefresh(result);

  if (page.view === 'signed-out') return <SignInPanel expired={page.expired} />;
  const formProblem = result?.problem ?? (claims.problem ? { code: 'UNAVAILABLE' as const, message: claims.problem } : null);
  if (page.view === 'no-tenant') {
    return <TenantSetup tenants={page.tenants} problem={formProblem} refreshing={claims.refreshing} />;
  }
  return (
    <div className="grid stacked">
      {claims.refreshing ? <p className="banner">Switching tenant…</p> : null}
      {formProblem && result?.intent !== 'createApiKey' ? <ProblemMessage problem={formProblem} /> : null}
      <TenantSummary tenant={page.tenant} />
      <AgentsPanel agents={page.agents} />
      <QualityIssuesPanel issues={page.issues} />
      <LatestValuesPanel latest={page.latest} />
      <ApiKeysPanel apiKeys={page.apiKeys} result={result?.intent === 'createApiKey' ? result : null} />
      <AuditPanel audit={page.audit} />
      <TenantList tenants={page.tenants} allowCreate />
    </div>
  );
}

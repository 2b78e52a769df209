import { formatTime } from '../lib/format-time.ts';
import type { Result } from '../lib/operation-result.ts';
import { ProblemMessage } from './problem-message.tsx';

export function TenantSummary({ tenant }: { tenant: Result<'tenants.get'> }) {
  if (!tenant.ok) {
    return (
      <section className="card wide">
        <ProblemMessage problem={tenant.problem} />
      </section>
    );
  }
  const { tenant: t, role, approvalSettings } = tenant.value;
  return (
    <section className="card wide hero">
      <p className="eyebrow">Tenant</p>
      <h1 data-testid="tenant-name">{t.name}</h1>
      <dl className="facts">
        <div>
          <dt>Slug</dt>
          <dd data-testid="tenant-slug">{t.slug}</dd>
        </div>
        <div>
          <dt>Your role</dt>
          <dd data-testid="tenant-role">{role}</dd>
        </div>
        <div>
          <dt>Tenant id</dt>
          <dd>
            <code>{t.id}</code>
          </dd>
        </div>
        <div>
          <dt>Created</dt>
          <dd>{formatTime(t.createdAt)}</dd>
        </div>
        <div>
          <dt>Who approves a model's requests</dt>
          <dd data-testid="tenant-elicitation-approves">
            {approvalSettings.elicitationApproves ? 'the web app, the CLI, or the person at an MCP client (elicitation)' : 'the web app or the CLI'}
          </dd>
        </div>
      </dl>
    </section>
  );
}

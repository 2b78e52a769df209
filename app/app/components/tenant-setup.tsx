import type { Problem, Result } from '../lib/operation-result.ts';
import { CreateTenantForm } from './create-tenant-form.tsx';
import { ProblemMessage } from './problem-message.tsx';
import { TenantList } from './tenant-list.tsx';

interface Props {
  tenants: Result<'tenants.listMine'>;
  problem: Pick<Problem, 'code' | 'message'> | null;
  refreshing: boolean;
}

/** A signed-in person without an active tenant: start one, or open one they belong to. */
export function TenantSetup({ tenants, problem, refreshing }: Props) {
  return (
    <div className="grid">
      <section className="card narrow">
        <h1>Create your tenant</h1>
        <p className="muted">
          A tenant is your organisation&apos;s workspace: its plants, data, pipelines, people and API keys. You become its owner.
        </p>
        <CreateTenantForm submitLabel="Create tenant" />
        {refreshing ? <p className="banner">Opening your tenant…</p> : null}
        {problem ? <ProblemMessage problem={problem} /> : null}
      </section>
      <TenantList tenants={tenants} />
    </div>
  );
}

import { Form } from '@remix-run/react';
import type { Result } from '../lib/operation-result.ts';
import { CreateTenantForm } from './create-tenant-form.tsx';
import { ProblemMessage } from './problem-message.tsx';

/** Every tenant the person belongs to, with a way to switch; also where a further one is started. */
export function TenantList({ tenants, allowCreate = false }: { tenants: Result<'tenants.listMine'>; allowCreate?: boolean }) {
  if (!tenants.ok) {
    return (
      <section className="card">
        <ProblemMessage problem={tenants.problem} />
      </section>
    );
  }
  const { tenants: memberships, activeTenantId } = tenants.value;
  if (memberships.length === 0 && !allowCreate) return null;
  return (
    <section className="card">
      <h2>Your tenants</h2>
      <ul className="tenant-list" data-testid="tenant-list">
        {memberships.map(({ tenant, role }) => (
          <li key={tenant.id} data-testid="tenant-list-item">
            <span>
              <strong>{tenant.name}</strong> <span className="muted">· {tenant.slug} · {role}</span>
            </span>
            {tenant.id === activeTenantId ? (
              <span className="pill ok">Active</span>
            ) : (
              <Form method="post">
                <input type="hidden" name="intent" value="switchTenant" />
                <input type="hidden" name="tenantId" value={tenant.id} />
                <button type="submit" className="button small" data-testid="tenant-switch">
                  Switch
                </button>
              </Form>
            )}
          </li>
        ))}
      </ul>
      {allowCreate ? (
        <details className="more">
          <summary>Create another tenant</summary>
          <CreateTenantForm submitLabel="Create" />
        </details>
      ) : null}
    </section>
  );
}

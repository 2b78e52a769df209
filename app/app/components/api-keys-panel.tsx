import { apiKeyRoleSchema, type ApiKeyRole } from '@facilflow/contracts';
import type { OperationOutput } from '@facilflow/operations';
import { Form, useNavigation } from '@remix-run/react';
import { useEffect, useRef } from 'react';
import type { ActionResult } from '../lib/action-result.ts';
import { formatTime } from '../lib/format-time.ts';
import type { Result } from '../lib/operation-result.ts';
import { NewApiKey } from './new-api-key.tsx';
import { ProblemMessage } from './problem-message.tsx';
import { RevokeButton } from './revoke-button.tsx';

const ROLE_HINTS: Record<ApiKeyRole, string | null> = {
  admin: 'everything but ownership',
  engineer: null,
  operator: null,
  viewer: 'read only',
  service: 'automation and MCP clients',
};
// The contract lists roles most powerful first; the form offers the least powerful first.
const ROLE_CHOICES = [...apiKeyRoleSchema.options].reverse();

export function ApiKeysPanel({ apiKeys, result }: { apiKeys: Result<'apiKeys.list'>; result: ActionResult | null }) {
  const navigation = useNavigation();
  const busy = navigation.state !== 'idle' && navigation.formData?.get('intent') === 'createApiKey';
  const form = useRef<HTMLFormElement>(null);
  const created = result?.createdKey ?? null;
  useEffect(() => {
    if (created) form.current?.reset();
  }, [created]);

  return (
    <section className="card wide">
      <h2>API keys</h2>
      <p className="muted">Keys let MCP clients such as Claude Desktop, and your automation, act in this tenant with the role you choose.</p>
      <Form method="post" className="inline-form" ref={form}>
        <input type="hidden" name="intent" value="createApiKey" />
        <label className="grow">
          Name
          <input name="name" required maxLength={80} placeholder="Claude Desktop – Maria" data-testid="api-key-name-input" />
        </label>
        <label>
          Role
          <select name="role" defaultValue="service" data-testid="api-key-role-select">
            {ROLE_CHOICES.map((role) => (
              <option key={role} value={role}>
                {ROLE_HINTS[role] ? `${role}: ${ROLE_HINTS[role]}` : role}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="button primary" disabled={busy} data-testid="api-key-create-submit">
          {busy ? 'Creating…' : 'Create key'}
        </button>
      </Form>
      {result?.problem ? <ProblemMessage problem={result.problem} /> : null}
      {created ? <NewApiKey created={created} /> : null}
      {apiKeys.ok ? <ApiKeyTable keys={apiKeys.value.apiKeys} /> : <ProblemMessage problem={apiKeys.problem} />}
    </section>
  );
}

type ApiKeyRow = OperationOutput<'apiKeys.list'>['apiKeys'][number];

function ApiKeyTable({ keys }: { keys: ApiKeyRow[] }) {
  if (keys.length === 0) return <p className="empty">No API keys yet.</p>;
  return (
    <div className="table-wrap">
      <table data-testid="api-key-list">
        <thead>
          <tr>
            <th>Name</th>
            <th>Role</th>
            <th>Key</th>
            <th>Created</th>
            <th>Last used</th>
            <th>Status</th>
            <th aria-label="Actions" />
          </tr>
        </thead>
        <tbody>
          {keys.map((key) => (
            <tr key={key.id} data-testid="api-key-row" data-key-id={key.id} data-key-name={key.name}>
              <td>{key.name}</td>
              <td>{key.role}</td>
              <td>
                <code>{key.prefix}…</code>
              </td>
              <td>{formatTime(key.createdAt)}</td>
              <td>{formatTime(key.lastUsedAt)}</td>
              <td>{key.revokedAt ? <span className="pill muted-pill">revoked</span> : <span className="pill ok">active</span>}</td>
              <td>{key.revokedAt ? null : <RevokeButton keyId={key.id} keyName={key.name} />}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

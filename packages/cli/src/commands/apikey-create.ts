import type { Principal } from '@facilflow/contracts';
import { withRuntime } from './with-runtime.ts';

/**
 * Issues an API key for bootstrapping without the web app. Whoever runs the CLI holds the
 * database credentials, so it acts as the system with owner rights in the named tenant;
 * the audit log shows `system:cli` as the actor.
 */
export function createApiKeyFor(tenantId: string, role: string, name: string): Promise<unknown> {
  return withRuntime(async (runtime) => {
    const tenant = await runtime.services.directory.getTenant(tenantId);
    if (!tenant) throw new Error(`No tenant ${tenantId}`);
    const principal: Principal = { actor: { type: 'system', name: 'cli' }, tenantId, role: 'owner' };
    return runtime.invoke(principal, 'cli', 'apiKeys.create', { name, role });
  });
}

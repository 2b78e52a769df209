import { join } from 'node:path';
import type { Config } from '@facilflow/config';
import { createAuthEmulatorClient } from '@facilflow/platform';
import {
  createApiKeyOutput,
  createTenantOutput,
  isFacilFlowError,
  listMyTenantsOutput,
  type ApiKeyRole,
  type Tenant,
} from '@facilflow/contracts';
import type { Principal } from '@facilflow/contracts';
import type { Runtime } from '@facilflow/operations';
import { demoOwnerUid, newDemoPassword, readOrCreateSecretFile, readSecretFile, writeSecretFile } from './demo-files.ts';
import { ensureEmulatorAccount } from './emulator-accounts.ts';
import { ensureDemoPolicy } from './demo-policy.ts';

export const DEMO_EMAIL = 'demo@facilflow.local';
const DEMO_TENANT = { name: 'Demo Plant', slug: 'demo-plant' };
const DEMO_KEY: { name: string; role: ApiKeyRole } = { name: 'Demo (Claude Desktop)', role: 'admin' };

export interface Demo {
  email: string;
  password: string;
  tenant: Tenant;
  apiKey: { secret: string; role: ApiKeyRole; file: string; reused: boolean };
}

/**
 * The demo owner, their tenant (with its policy: production publishes need an admin) and a ready API key, whatever already exists (the
 * emulator's accounts and the data dir may have been wiped separately). Everything
 * goes through the operations registry, so it is validated and audited like any front.
 */
export async function bootstrapDemo(config: Config, runtime: Runtime, emulatorHost: string): Promise<Demo> {
  const { projectId } = config.firebase;
  const password = readOrCreateSecretFile(join(config.dataDir, 'demo-password'), newDemoPassword);
  await ensureEmulatorAccount(emulatorHost, projectId, { uid: demoOwnerUid(config.dataDir), email: DEMO_EMAIL, password, displayName: 'Demo Owner' });
  const auth = createAuthEmulatorClient({ host: emulatorHost, projectId });
  const session = await auth.signIn(DEMO_EMAIL, password);

  let owner = await runtime.authenticate(session.idToken);
  const { tenant, created } = await findOrCreateTenant(runtime, owner);
  if (owner.tenantId !== tenant.id) {
    // Creating a tenant makes it the active one; an existing one is switched to.
    if (!created) await runtime.invoke(owner, 'system', 'tenants.switch', { tenantId: tenant.id });
    owner = await runtime.authenticate(await auth.refresh(session.refreshToken));
  }
  if (owner.tenantId !== tenant.id) throw new Error(`The demo owner's token does not carry tenant ${tenant.id} after switching to it`);
  await ensureDemoPolicy(runtime, owner);

  const file = join(config.dataDir, 'demo-api-key');
  const stored = readSecretFile(file);
  if (stored && (await stillValid(runtime, stored, tenant.id))) {
    return { email: DEMO_EMAIL, password, tenant, apiKey: { secret: stored, role: DEMO_KEY.role, file, reused: true } };
  }
  const issued = createApiKeyOutput.parse(await runtime.invoke(owner, 'system', 'apiKeys.create', DEMO_KEY));
  writeSecretFile(file, issued.secret);
  return { email: DEMO_EMAIL, password, tenant, apiKey: { secret: issued.secret, role: issued.apiKey.role, file, reused: false } };
}

async function findOrCreateTenant(runtime: Runtime, owner: Principal): Promise<{ tenant: Tenant; created: boolean }> {
  const mine = listMyTenantsOutput.parse(await runtime.invoke(owner, 'system', 'tenants.listMine', {}));
  const existing = mine.tenants.find((m) => m.role === 'owner' && m.tenant.name === DEMO_TENANT.name);
  if (existing) return { tenant: existing.tenant, created: false };
  const create = async (input: { name: string; slug?: string }) =>
    ({ tenant: createTenantOutput.parse(await runtime.invoke(owner, 'system', 'tenants.create', input)).tenant, created: true });
  try {
    return await create(DEMO_TENANT);
  } catch (error) {
    // Someone else's tenant holds the slug: a derived one does as well.
    if (!isFacilFlowError(error) || error.code !== 'CONFLICT') throw error;
    return create({ name: DEMO_TENANT.name });
  }
}

/** Reused only while it authenticates, for the demo tenant (a new data dir or a revoked key need a new one). */
async function stillValid(runtime: Runtime, key: string, tenantId: string): Promise<boolean> {
  try {
    return (await runtime.authenticate(key)).tenantId === tenantId;
  } catch (error) {
    if (isFacilFlowError(error) && error.code === 'UNAUTHENTICATED') return false;
    throw error;
  }
}

import type { EnrollResponse, MeasurementSchemaDefinition } from '@facilflow/contracts';
import { createMeasurementSchema, enrollAgent, newId, redeemEnrollment } from '@facilflow/core';
import type { Platform } from '@facilflow/platform';
import { type TenantScope } from '@facilflow/contracts';

/**
 * A tenant with measurement schemas and enrolled agents, made with the domain functions
 * directly, for processes that run without the Auth emulator (the crash test's server, the
 * throughput bench): nobody signs in there.
 */
export async function bootstrapTenant(
  platform: Platform,
  input: { name: string; schemas: MeasurementSchemaDefinition[]; agents: number },
): Promise<{ tenantId: string; agents: EnrollResponse[] }> {
  const services = platform.services;
  const tenantId = newId('t');
  const owner = { uid: 'bootstrap', email: null };
  await services.directory.createTenant({ id: tenantId, name: input.name, slug: `${input.name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${tenantId.slice(-6)}`, createdBy: owner.uid }, owner);
  const scope: TenantScope = { tenantId, actor: { type: 'system', name: 'bootstrap' }, role: 'owner' };
  for (const schema of input.schemas) await createMeasurementSchema(services, scope, schema);
  const agents: EnrollResponse[] = [];
  for (let i = 0; i < input.agents; i++) {
    const { enrollmentToken } = await enrollAgent(services, scope, { name: `${input.name} agent ${i + 1}` });
    agents.push(await redeemEnrollment(services, { token: enrollmentToken }));
  }
  return { tenantId, agents };
}

import { actorId, ROLES, type AuditRecord, type Principal, type Role } from '@facilflow/contracts';
import { createTestPlatform, type TestPlatform } from '@facilflow/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { realMember } from '../fixtures.ts';
import { ROLE_MATRIX } from '../role-matrix.ts';
import { agentFeeding, outcomeOf, registerLabelledMeasurements, writingDraft } from './policy-fixtures.ts';
import { MATRIX_POLICIES, POLICY_MATRIX, VARIANT_MEASUREMENT, type Variant } from './policy-matrix.ts';

let t: TestPlatform;
let tenantId: string;
let owner: Principal;
const agents = {} as Record<Variant, string>;

beforeAll(async () => {
  t = await createTestPlatform();
  ({ tenantId } = await t.createTenant('Policy Matrix Plant'));
  owner = await t.memberPrincipal(tenantId, 'owner');
  await registerLabelledMeasurements(t, owner);
  for (const variant of ['production', 'other'] as const) agents[variant] = await agentFeeding(t, owner, VARIANT_MEASUREMENT[variant]);
  for (const policy of MATRIX_POLICIES) await t.call(owner, 'policies.create', policy);
});
afterAll(() => t?.close());

/** A call of each operation on the variant's resource: a fresh draft, the variant's agent, a query over many rows or few. */
const inputs: Record<string, (variant: Variant) => Promise<unknown>> = {
  'pipelines.publish': async (variant) => ({ id: await writingDraft(t, owner, VARIANT_MEASUREMENT[variant]) }),
  'agents.command': async (variant) => ({ agentId: agents[variant], request: { command: 'flushBuffer', args: {} }, timeoutMs: 100 }),
  'telemetry.query': async (variant) => (variant === 'production' ? { sql: 'SELECT 42 AS answer LIMIT 10000', maxRows: 10_000 } : { sql: 'SELECT 42 AS answer LIMIT 10', maxRows: 10_000 }),
};

async function lastAuditOf(operation: string): Promise<AuditRecord | undefined> {
  const page = (await t.call(owner, 'audit.list', { operation, limit: 1 })) as { items: AuditRecord[] };
  return page.items[0];
}

describe('policy matrix', () => {
  it('has a call for every operation of the matrix', () => {
    expect(Object.keys(inputs).sort()).toEqual(Object.keys(POLICY_MATRIX).sort());
  });

  const cases = Object.keys(POLICY_MATRIX).flatMap((operation) =>
    (['production', 'other'] as const).flatMap((variant) => ROLES.map((role) => [operation, variant, role] as const)),
  );

  it.each(cases)('%s on %s as %s', async (operation, variant, role: Role) => {
    const principal = await realMember(t, tenantId, role);
    const answer = await outcomeOf(t, principal, operation, await inputs[operation]!(variant));
    if (!ROLE_MATRIX[operation]!.includes(role)) {
      // A policy never grants what the role may not do, and is not even read for it.
      expect(answer.code).toBe('FORBIDDEN');
      expect(answer.message).not.toMatch(/policy/i);
      return;
    }
    const expected = POLICY_MATRIX[operation]![variant](role);
    if (expected.outcome === 'DENIED') {
      expect(answer).toMatchObject({ code: 'FORBIDDEN', details: { policy: { name: expected.policy, effect: 'DENY' } } });
      expect(answer.message).toContain(MATRIX_POLICIES[0].reason);
    } else {
      expect(answer.code).toBe(expected.outcome);
    }
    if (expected.outcome === 'PENDING_APPROVAL') expect(answer.details).toMatchObject({ policy: { name: expected.policy }, requiredApprovals: 1, approverRole: 'admin' });
    if (t.runtime.registry.get(operation)!.effect !== 'read') {
      const record = await lastAuditOf(operation);
      expect(record?.actorId).toBe(actorId(principal.actor));
      expect(record?.policy?.name ?? null).toBe(expected.policy);
    }
  });
});

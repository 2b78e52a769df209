import type { Approval, AuditRecord, Policy, Principal, Violation } from '@facilflow/contracts';
import { digestInput } from '@facilflow/core';
import { createTestPlatform, type TestPlatform } from '@facilflow/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAB_MEASUREMENT, outcomeOf, PRODUCTION_MEASUREMENT, registerLabelledMeasurements, writingDraft } from './policy-fixtures.ts';

let t: TestPlatform;

beforeAll(async () => {
  t = await createTestPlatform();
});
afterAll(() => t?.close());

interface Plant {
  tenantId: string;
  owner: Principal;
  admin: Principal;
}

async function newPlant(): Promise<Plant> {
  const { tenantId } = await t.createTenant();
  const owner = await t.memberPrincipal(tenantId, 'owner');
  await registerLabelledMeasurements(t, owner);
  return { tenantId, owner, admin: await t.memberPrincipal(tenantId, 'admin') };
}

const productionPublishes = (approvers = 1) => ({
  name: `Production publishes need ${approvers} admin(s)`,
  effect: 'REQUIRE_APPROVAL',
  match: { operations: ['pipelines.publish'], conditions: [{ attribute: 'pipeline.sinkMeasurementLabels', operator: 'includes', value: 'production' }] },
  approval: { approvers, approverRole: 'admin', expiresInMinutes: 30 },
});

async function createPolicy(plant: Plant, definition: unknown): Promise<Policy> {
  return ((await t.call(plant.owner, 'policies.create', definition)) as { policy: Policy }).policy;
}
async function versionsOf(plant: Plant, id: string): Promise<number> {
  return ((await t.call(plant.owner, 'pipelines.versions', { id })) as { versions: unknown[] }).versions.length;
}
async function violationsOf(plant: Plant): Promise<Violation[]> {
  return ((await t.call(plant.owner, 'violations.list', {})) as { violations: Violation[] }).violations;
}
async function auditOf(plant: Plant, operation: string): Promise<AuditRecord[]> {
  return ((await t.call(plant.owner, 'audit.list', { operation, limit: 50 })) as { items: AuditRecord[] }).items;
}
async function approve(principal: Principal, id: string, via: 'trpc' | 'cli' | 'web' = 'trpc'): Promise<Approval> {
  return ((await t.runtime.invoke(principal, via, 'approvals.approve', { id })) as { approval: Approval }).approval;
}

describe('DENY', () => {
  it('answers with the reason, has no effect, and is recorded as a violation and in the audit', async () => {
    const plant = await newPlant();
    const policy = await createPolicy(plant, {
      name: 'Engineers do not add data sources',
      effect: 'DENY',
      reason: 'data sources are added by the controls team',
      match: { operations: ['dataSources.create'], roles: ['engineer'] },
    });
    const engineer = await t.memberPrincipal(plant.tenantId, 'engineer');
    const { agent } = (await t.call(plant.owner, 'agents.enroll', { name: 'Gateway' })) as { agent: { id: string } };
    const source = { id: 'plc1', kind: 'opcua', endpointUrl: 'opc.tcp://127.0.0.1:4840', tags: [{ nodeId: 'ns=1;s=A', measurement: LAB_MEASUREMENT, field: 'units' }] };
    const input = { agentId: agent.id, name: 'Lab PLC', source };
    const refused = await outcomeOf(t, engineer, 'dataSources.create', input, 'mcp');
    expect(refused.code).toBe('FORBIDDEN');
    expect(refused.message).toContain('Refused by policy "Engineers do not add data sources": data sources are added by the controls team');
    expect(refused.details).toEqual({ policy: { id: policy.id, name: policy.name, effect: 'DENY' } });
    expect(((await t.call(plant.owner, 'dataSources.list', {})) as { dataSources: unknown[] }).dataSources).toEqual([]);

    const [violation] = await violationsOf(plant);
    const parsed = t.runtime.registry.get('dataSources.create')!.input.parse(input) as Record<string, unknown>;
    expect(violation).toMatchObject({
      policyId: policy.id, policyName: policy.name, effect: 'DENY', operation: 'dataSources.create', actorId: `user:${(engineer.actor as { uid: string }).uid}`,
      front: 'mcp', outcome: 'denied', approvalId: null, inputDigest: digestInput(parsed).digest,
    });
    const [record] = await auditOf(plant, 'dataSources.create');
    expect(record).toMatchObject({ outcome: 'error', errorCode: 'FORBIDDEN', front: 'mcp', policy: { id: policy.id, name: policy.name, effect: 'DENY' } });

    // The policy names engineers only: an admin's same call goes through, and records no violation.
    expect((await outcomeOf(t, plant.admin, 'dataSources.create', input)).code).toBe('ok');
    expect(await violationsOf(plant)).toHaveLength(1);
  });
});

describe('REQUIRE_APPROVAL on pipelines.publish of a pipeline writing to a production measurement', () => {
  it('stops the call from MCP until an admin approves it on the web front, then publishes it once', async () => {
    const plant = await newPlant();
    const policy = await createPolicy(plant, productionPublishes(1));
    const key = await t.runtime.authenticate(await t.apiKey(plant.tenantId, 'service'));
    const id = await writingDraft(t, plant.owner, PRODUCTION_MEASUREMENT);

    const held = await outcomeOf(t, key, 'pipelines.publish', { id }, 'mcp');
    expect(held.code).toBe('PENDING_APPROVAL');
    expect(held.message).toContain(`Policy "${policy.name}" holds this call: one person of role admin or above, other than you, must approve it`);
    expect(held.details).toMatchObject({ policy: { id: policy.id }, requiredApprovals: 1, approverRole: 'admin', approvalUrl: expect.stringContaining('/approvals/') });
    const approvalId = held.details.approvalId as string;
    // Asking again finds the same request; nothing is published meanwhile.
    expect((await outcomeOf(t, key, 'pipelines.publish', { id }, 'mcp')).details.approvalId).toBe(approvalId);
    expect(await versionsOf(plant, id)).toBe(0);

    const engineer = await t.memberPrincipal(plant.tenantId, 'engineer');
    await expect(approve(engineer, approvalId)).rejects.toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('role admin or above') });
    const applied = await approve(plant.admin, approvalId, 'trpc');
    expect(applied).toMatchObject({ status: 'applied', decidedVia: 'trpc', policy: { id: policy.id }, requiredApprovals: 1, approvers: [] });
    expect(applied.result).toMatchObject({ published: true, version: { version: 1 } });
    expect(await versionsOf(plant, id)).toBe(1);
    await expect(approve(await t.memberPrincipal(plant.tenantId, 'admin'), approvalId)).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await versionsOf(plant, id)).toBe(1);

    const publishes = await auditOf(plant, 'pipelines.publish');
    expect(publishes.map((r) => [r.front, r.outcome, r.errorCode, r.policy?.name])).toEqual([
      ['mcp', 'ok', null, policy.name],
      ['mcp', 'error', 'PENDING_APPROVAL', policy.name],
      ['mcp', 'error', 'PENDING_APPROVAL', policy.name],
    ]);
    expect((await violationsOf(plant)).map((v) => [v.outcome, v.approvalId, v.front])).toEqual([
      ['approval_required', approvalId, 'mcp'],
      ['approval_required', approvalId, 'mcp'],
    ]);
  });

  it('holds a person on the web front too, telling them who must approve, and never lets them approve their own call', async () => {
    const plant = await newPlant();
    await createPolicy(plant, productionPublishes(1));
    const id = await writingDraft(t, plant.owner, PRODUCTION_MEASUREMENT);
    const held = await outcomeOf(t, plant.admin, 'pipelines.publish', { id }, 'trpc');
    expect(held.code).toBe('PENDING_APPROVAL');
    expect(held.message).toContain('other than you');
    const approvalId = held.details.approvalId as string;
    await expect(approve(plant.admin, approvalId)).rejects.toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('You asked for this call') });
    expect(await approve(plant.owner, approvalId, 'cli')).toMatchObject({ status: 'applied', decidedVia: 'cli' });
    expect(await versionsOf(plant, id)).toBe(1);
  });

  it('lets a pipeline writing to an unlabelled measurement through, and follows the labels as they change', async () => {
    const plant = await newPlant();
    await createPolicy(plant, productionPublishes(1));
    const lab = await writingDraft(t, plant.owner, LAB_MEASUREMENT);
    expect((await outcomeOf(t, plant.admin, 'pipelines.publish', { id: lab })).code).toBe('ok');
    // An update that leaves labels out keeps them; one that sets them replaces them.
    const definition = { measurement: PRODUCTION_MEASUREMENT, fields: [{ name: 'units', type: 'number' }], requiredTags: [], description: 'kept labels' };
    expect(((await t.call(plant.owner, 'schemas.update', definition)) as { schema: { labels: string[] } }).schema.labels).toEqual(['line1', 'production']);
    const production = await writingDraft(t, plant.owner, PRODUCTION_MEASUREMENT);
    expect((await outcomeOf(t, plant.admin, 'pipelines.publish', { id: production })).code).toBe('PENDING_APPROVAL');
    await t.call(plant.owner, 'schemas.update', { ...definition, labels: [] });
    expect((await outcomeOf(t, plant.admin, 'pipelines.publish', { id: production })).code).toBe('ok');
  });

  it('with two approvers needs two distinct admins: the first counts, the same one again does not', async () => {
    const plant = await newPlant();
    await createPolicy(plant, productionPublishes(2));
    const key = await t.runtime.authenticate(await t.apiKey(plant.tenantId, 'service'));
    const id = await writingDraft(t, plant.owner, PRODUCTION_MEASUREMENT);
    const held = await outcomeOf(t, key, 'pipelines.publish', { id }, 'mcp');
    expect(held.message).toContain('2 different people of role admin or above');
    const approvalId = held.details.approvalId as string;

    const first = await approve(plant.admin, approvalId);
    expect(first).toMatchObject({ status: 'pending', requiredApprovals: 2, approvers: [{ actorId: `user:${(plant.admin.actor as { uid: string }).uid}`, via: 'trpc' }] });
    expect(await versionsOf(plant, id)).toBe(0);
    await expect(approve(plant.admin, approvalId)).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('1 more approval') });
    expect(await versionsOf(plant, id)).toBe(0);

    const second = await approve(await t.memberPrincipal(plant.tenantId, 'admin'), approvalId, 'cli');
    expect(second).toMatchObject({ status: 'applied', approvers: [expect.any(Object), expect.any(Object)] });
    expect(await versionsOf(plant, id)).toBe(1);
  });
});

describe('a time window', () => {
  it('matches only within its local days and hours: outside it the policy does not apply', async () => {
    const plant = await newPlant();
    await createPolicy(plant, {
      name: 'No schema changes in shift hours',
      effect: 'DENY',
      reason: 'the lines are running',
      match: { operations: ['schemas.*'], timeWindow: { days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '06:00', to: '18:00', timeZone: 'Europe/Berlin' } },
    });
    const services = t.runtime.services;
    const realNow = services.now;
    const schemaOf = (measurement: string) => ({ measurement, fields: [{ name: 'v', type: 'number' }] });
    try {
      // Saturday noon in Berlin: outside the window.
      services.now = () => new Date('2026-12-05T11:00:00Z');
      expect((await outcomeOf(t, plant.owner, 'schemas.create', schemaOf('weekend_m'))).code).toBe('ok');
      // Monday 05:30 in Berlin: before the shift.
      services.now = () => new Date('2026-12-07T04:30:00Z');
      expect((await outcomeOf(t, plant.owner, 'schemas.create', schemaOf('early_m'))).code).toBe('ok');
      // Monday 10:00 in Berlin: inside.
      services.now = () => new Date('2026-12-07T09:00:00Z');
      const refused = await outcomeOf(t, plant.owner, 'schemas.create', schemaOf('shift_m'));
      expect(refused).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('the lines are running') });
    } finally {
      services.now = realNow;
    }
    expect((await violationsOf(plant)).map((v) => v.operation)).toEqual(['schemas.create']);
  });
});

describe('bad policies', () => {
  it.each([
    [{ name: 'x', effect: 'DENY', match: { operations: ['pipelines.publish'] } }, 'reason'],
    [{ name: 'x', effect: 'ALLOW', match: { operations: ['pipelines.publsh'] } }, 'No operation matches "pipelines.publsh"'],
    [{ name: 'x', effect: 'ALLOW', match: { operations: ['nothing.*'] } }, 'No operation matches "nothing.*"'],
    [{ name: 'x', effect: 'DENY', reason: 'r', match: { operations: ['policies.*'] } }, 'never govern'],
    [{ name: 'x', effect: 'ALLOW', match: { operations: ['telemetry.query'], conditions: [{ attribute: 'sql.estimatedRows', operator: 'includes', value: 'a' }] } }, 'takes atLeast'],
    [{ name: 'x', effect: 'ALLOW', match: { operations: ['agents.*'], timeWindow: { days: ['mon'], from: '08:00', to: '17:00', timeZone: 'Mars/Olympus' } } }, 'IANA time zone'],
    [{ name: 'x', effect: 'ALLOW', match: { operations: ['agents.*'] }, approval: { approvers: 2 } }, 'only a REQUIRE_APPROVAL'],
    [{ name: 'x', effect: 'REQUIRE_APPROVAL', match: { operations: ['agents.*'] }, approval: { approvers: 6 } }, 'approval.approvers'],
  ])('%j is refused as INVALID naming the problem', async (definition, problem) => {
    const plant = await newPlant();
    const answer = await outcomeOf(t, plant.owner, 'policies.create', definition);
    expect(answer.code).toBe('INVALID');
    expect(answer.message).toContain(problem);
    expect(((await t.call(plant.owner, 'policies.list', {})) as { policies: unknown[] }).policies).toEqual([]);
  });

  it('a second policy of the same name is a CONFLICT', async () => {
    const plant = await newPlant();
    await createPolicy(plant, productionPublishes(1));
    expect((await outcomeOf(t, plant.owner, 'policies.create', productionPublishes(1))).code).toBe('CONFLICT');
  });
});

describe('tenant isolation', () => {
  it('tenant B cannot see or change A\'s policies or violations, and A\'s policies never apply to B\'s calls', async () => {
    const a = await newPlant();
    const b = await newPlant();
    const policy = await createPolicy(a, { name: 'No schema deletes', effect: 'DENY', reason: 'kept for the auditors', match: { operations: ['schemas.delete', 'schemas.create'] } });
    expect((await outcomeOf(t, a.owner, 'schemas.create', { measurement: 'a_m', fields: [{ name: 'v', type: 'number' }] })).code).toBe('FORBIDDEN');
    await createPolicy(a, productionPublishes(1));
    const heldInA = await outcomeOf(t, await t.runtime.authenticate(await t.apiKey(a.tenantId, 'service')), 'pipelines.publish', { id: await writingDraft(t, a.owner, PRODUCTION_MEASUREMENT) }, 'mcp');

    // B's same calls are not A's business.
    expect((await outcomeOf(t, b.owner, 'schemas.create', { measurement: 'b_m', fields: [{ name: 'v', type: 'number' }] })).code).toBe('ok');
    expect((await outcomeOf(t, b.admin, 'pipelines.publish', { id: await writingDraft(t, b.owner, PRODUCTION_MEASUREMENT) })).code).toBe('ok');

    expect(((await t.call(b.owner, 'policies.list', {})) as { policies: unknown[] }).policies).toEqual([]);
    expect(await violationsOf(b)).toEqual([]);
    expect((await outcomeOf(t, b.owner, 'policies.get', { id: policy.id })).code).toBe('NOT_FOUND');
    expect((await outcomeOf(t, b.owner, 'policies.update', { id: policy.id, policy: { name: 'hijacked', effect: 'ALLOW', match: { operations: ['schemas.*'] } } })).code).toBe('NOT_FOUND');
    expect((await outcomeOf(t, b.owner, 'policies.delete', { id: policy.id })).code).toBe('NOT_FOUND');
    expect((await outcomeOf(t, b.owner, 'approvals.approve', { id: heldInA.details.approvalId })).code).toBe('NOT_FOUND');

    expect(((await t.call(a.owner, 'policies.get', { id: policy.id })) as { policy: Policy }).policy).toMatchObject({ name: 'No schema deletes', effect: 'DENY' });
    expect((await violationsOf(a)).length).toBe(2);
  });
});

describe('managing policies', () => {
  it('updates replace the definition and apply from the next call; delete is two-phase', async () => {
    const plant = await newPlant();
    const policy = await createPolicy(plant, { name: 'Paused later', effect: 'DENY', reason: 'frozen', match: { operations: ['schemas.create'] } });
    expect((await outcomeOf(t, plant.owner, 'schemas.create', { measurement: 'one_m', fields: [{ name: 'v', type: 'number' }] })).code).toBe('FORBIDDEN');
    const updated = ((await t.call(plant.owner, 'policies.update', { id: policy.id, policy: { name: 'Paused later', effect: 'DENY', reason: 'frozen', match: { operations: ['schemas.create'] }, enabled: false } })) as { policy: Policy }).policy;
    expect(updated).toMatchObject({ enabled: false, approval: null });
    expect((await outcomeOf(t, plant.owner, 'schemas.create', { measurement: 'two_m', fields: [{ name: 'v', type: 'number' }] })).code).toBe('ok');

    const asked = await outcomeOf(t, plant.owner, 'policies.delete', { id: policy.id });
    expect(asked).toMatchObject({ code: 'NEEDS_CONFIRMATION', message: expect.stringContaining('Delete the DENY policy "Paused later"') });
    await t.call(plant.owner, 'policies.delete', { id: policy.id, confirmationToken: asked.details.confirmationToken });
    expect((await outcomeOf(t, plant.owner, 'policies.get', { id: policy.id })).code).toBe('NOT_FOUND');
    // Its violation stays, naming it.
    expect((await violationsOf(plant)).map((v) => v.policyName)).toEqual(['Paused later']);
  });
});

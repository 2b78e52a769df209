import type { AuditRecord } from '@facilflow/contracts';
import { appendAuditRecord, completeAuditRecord } from '@facilflow/core';
import { eq, schema } from '@facilflow/db';
import { createTestPlatform, type TestPlatform, type TestTenant } from '@facilflow/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asOwner } from './owner-sql.ts';

let t: TestPlatform;
let tenant: TestTenant;

beforeAll(async () => {
  t = await createTestPlatform();
  tenant = await t.createTenant('Pending Audit Plant');
});
afterAll(() => t?.close());

async function records(operation: string): Promise<AuditRecord[]> {
  const out = (await t.call(tenant.ownerPrincipal, 'audit.list', { operation, limit: 200 })) as { items: AuditRecord[] };
  return out.items;
}

async function agentsNamed(name: string) {
  return t.platform.services.db.withTenant(tenant.tenantId, (tx) => tx.select().from(schema.agents).where(eq(schema.agents.name, name)));
}

const base = {
  actorType: 'system' as const,
  actorId: 'system:test',
  actorLabel: 'test',
  front: 'system' as const,
  operation: 'test.write',
  effect: 'write' as const,
  input: {},
};

describe(`audit before the effect (${process.env.FF_TEST_DATABASE_URL ? 'postgres' : 'pglite'})`, () => {
  it('a successful write leaves exactly one completed record', async () => {
    await t.call(tenant.ownerPrincipal, 'agents.enroll', { name: 'Line 1 gateway' });
    const list = await records('agents.enroll');
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ outcome: 'ok', errorCode: null, input: { name: 'Line 1 gateway' } });
  });

  it('a write whose handler fails leaves one record completed with its error code', async () => {
    const before = (await records('agents.enroll')).length;
    await expect(t.call(tenant.ownerPrincipal, 'agents.enroll', { name: 'Line 1 gateway' })).rejects.toMatchObject({ code: 'CONFLICT' });
    const list = await records('agents.enroll');
    expect(list.length - before).toBe(1);
    expect(list[0]).toMatchObject({ outcome: 'error', errorCode: 'CONFLICT' });
  });

  it('the application role may complete a pending record once, and change nothing else', async () => {
    const services = t.platform.services;
    const id = await appendAuditRecord(services, { ...base, tenantId: tenant.tenantId, at: new Date(), outcome: 'pending', errorCode: null, durationMs: 0 });
    const log = schema.auditLog;
    await expect(services.db.withTenant(tenant.tenantId, (tx) => tx.update(log).set({ input: { forged: true } }).where(eq(log.id, id)))).rejects.toThrow();
    await expect(services.db.withTenant(tenant.tenantId, (tx) => tx.update(log).set({ operation: 'other.op' }).where(eq(log.id, id)))).rejects.toThrow();
    // Another tenant cannot see it to complete it.
    expect(await completeAuditRecord(services, { tenantId: 'someone-else', id, outcome: 'ok', errorCode: null, durationMs: 1 })).toBe(false);
    expect(await completeAuditRecord(services, { tenantId: tenant.tenantId, id, outcome: 'ok', errorCode: null, durationMs: 3 })).toBe(true);
    expect(await completeAuditRecord(services, { tenantId: tenant.tenantId, id, outcome: 'error', errorCode: 'INTERNAL', durationMs: 4 })).toBe(false);
    await expect(
      services.db.withTenant(tenant.tenantId, (tx) => tx.update(log).set({ outcome: 'error', errorCode: 'INTERNAL' }).where(eq(log.id, id))),
    ).rejects.toThrow();
    await expect(services.db.withTenant(tenant.tenantId, (tx) => tx.update(log).set({ outcome: 'pending' }).where(eq(log.id, id)))).rejects.toThrow();
    await expect(services.db.withTenant(tenant.tenantId, (tx) => tx.delete(log).where(eq(log.id, id)))).rejects.toThrow();
    const [row] = await services.db.withTenant(tenant.tenantId, (tx) => tx.select().from(log).where(eq(log.id, id)));
    expect(row).toMatchObject({ outcome: 'ok', errorCode: null, durationMs: 3, operation: 'test.write' });
  });

  it('a pending record cannot be completed back to pending', async () => {
    const services = t.platform.services;
    const id = await appendAuditRecord(services, { ...base, tenantId: tenant.tenantId, at: new Date(), outcome: 'pending', errorCode: null, durationMs: 0 });
    const log = schema.auditLog;
    await expect(services.db.withTenant(tenant.tenantId, (tx) => tx.update(log).set({ durationMs: 9 }).where(eq(log.id, id)))).rejects.toThrow();
  });

  // Last: it breaks the audit table of this scratch database for agents.enroll.
  it('when the audit record cannot be written, the handler never runs', async () => {
    await asOwner(t.platform.services.db, `alter table audit_log add constraint test_refuse_agent_enrolment check (operation <> 'agents.enroll') not valid`);
    const before = (await records('agents.enroll')).length;
    const error = await t.call(tenant.ownerPrincipal, 'agents.enroll', { name: 'Unaudited gateway' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'UNAVAILABLE' });
    expect((error as Error).message).toMatch(/audit log cannot record this call.*nothing was changed \(ref [0-9a-f]{8}\)/);
    expect(await agentsNamed('Unaudited gateway')).toEqual([]);
    expect((await records('agents.enroll')).length).toBe(before);
  });
});

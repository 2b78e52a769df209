import type { AuditRecord, Front } from '@facilflow/contracts';
import type { Principal } from '@facilflow/contracts';
import { runJarvisTool } from '@facilflow/operations/jarvis';
import { createTestPlatform, type TestPlatform, type TestTenant } from '@facilflow/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let t: TestPlatform;
let tenant: TestTenant;

beforeAll(async () => {
  t = await createTestPlatform();
  tenant = await t.createTenant('Audit Plant');
});
afterAll(() => t?.close());

async function records(operation: string): Promise<AuditRecord[]> {
  const out = (await t.call(tenant.ownerPrincipal, 'audit.list', { operation, limit: 200 })) as { items: AuditRecord[] };
  return out.items;
}

/** Runs one call through the named front and returns the audit records it added for that operation. */
async function auditedCall(via: Front, principal: Principal, operation: string, input: object) {
  const before = (await records(operation)).length;
  if (via === 'jarvis') {
    await runJarvisTool(t.runtime, principal, operation.replace('.', '_'), input);
  } else {
    await t.runtime.invoke(principal, via, operation, input).catch(() => undefined);
  }
  const after = await records(operation);
  return { added: after.length - before, latest: after[0]! };
}

describe('audit', () => {
  it.each(['system', 'jarvis', 'cli'] as const)('a write through %s leaves exactly one record naming actor, front and outcome', async (via) => {
    const { added, latest } = await auditedCall(via, tenant.ownerPrincipal, 'members.invite', {
      email: `audit-${via}@example.test`,
      role: 'viewer',
    });
    expect(added).toBe(1);
    expect(latest).toMatchObject({
      front: via,
      actorType: 'user',
      actorId: `user:${tenant.owner.uid}`,
      actorLabel: tenant.owner.email,
      operation: 'members.invite',
      effect: 'write',
      outcome: 'ok',
      errorCode: null,
      input: { email: `audit-${via}@example.test`, role: 'viewer' },
    });
  });

  it('a denied call leaves one record with its error code', async () => {
    const viewer = await t.memberPrincipal(tenant.tenantId, 'viewer');
    const { added, latest } = await auditedCall('jarvis', viewer, 'apiKeys.create', { name: 'nope', role: 'admin' });
    expect(added).toBe(1);
    expect(latest).toMatchObject({ outcome: 'error', errorCode: 'FORBIDDEN', front: 'jarvis' });
  });

  it('an invalid call leaves one record with INVALID', async () => {
    const { added, latest } = await auditedCall('system', tenant.ownerPrincipal, 'members.invite', { email: 'not-an-email', role: 'viewer' });
    expect(added).toBe(1);
    expect(latest).toMatchObject({ outcome: 'error', errorCode: 'INVALID' });
  });

  it('each phase of a destructive call leaves one record', async () => {
    const keyId = (await t.apiKey(tenant.tenantId, 'viewer')).split('_')[1]!;
    const first = await t.runtime.invoke(tenant.ownerPrincipal, 'system', 'apiKeys.revoke', { id: keyId }).catch((e: { code: string; details: { confirmationToken: string } }) => e);
    expect((first as { code: string }).code).toBe('NEEDS_CONFIRMATION');
    let list = await records('apiKeys.revoke');
    expect(list[0]).toMatchObject({ outcome: 'error', errorCode: 'NEEDS_CONFIRMATION', effect: 'destructive' });
    const token = (first as { details: { confirmationToken: string } }).details.confirmationToken;
    await t.runtime.invoke(tenant.ownerPrincipal, 'system', 'apiKeys.revoke', { id: keyId, confirmationToken: token });
    list = await records('apiKeys.revoke');
    expect(list[0]).toMatchObject({ outcome: 'ok', input: { id: keyId } });
    expect(JSON.stringify(list[0]!.input)).not.toContain(token);
  });

  it('reads leave no record', async () => {
    const before = (await records('members.list')).length;
    await t.call(tenant.ownerPrincipal, 'members.list');
    expect((await records('members.list')).length).toBe(before);
    expect(before).toBe(0);
  });

  it('pages with a cursor without skipping or repeating', async () => {
    for (let i = 0; i < 5; i++) await t.call(tenant.ownerPrincipal, 'members.invite', { email: `page-${i}@example.test`, role: 'viewer' });
    const all = (await t.call(tenant.ownerPrincipal, 'audit.list', { limit: 200 })) as { items: AuditRecord[] };
    const seen: string[] = [];
    let cursor: string | null | undefined;
    do {
      const page = (await t.call(tenant.ownerPrincipal, 'audit.list', { limit: 2, ...(cursor ? { cursor } : {}) })) as { items: AuditRecord[]; nextCursor: string | null };
      seen.push(...page.items.map((r) => r.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.items.map((r) => r.id));
  });

  it('filters by actor and time', async () => {
    const actorId = `user:${tenant.owner.uid}`;
    const mine = (await t.call(tenant.ownerPrincipal, 'audit.list', { actorId, limit: 200 })) as { items: AuditRecord[] };
    expect(mine.items.length).toBeGreaterThan(0);
    expect(mine.items.every((r) => r.actorId === actorId)).toBe(true);
    const future = (await t.call(tenant.ownerPrincipal, 'audit.list', { from: new Date(Date.now() + 3_600_000).toISOString() })) as { items: AuditRecord[] };
    expect(future.items).toEqual([]);
  });
});

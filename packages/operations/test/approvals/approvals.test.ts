import { schema, eq } from '@facilflow/db';
import type { Approval, AuditRecord, Principal } from '@facilflow/contracts';
import { createTestPlatform, type TestPlatform, type TestTenant } from '@facilflow/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { askThroughModel } from './approval-fixtures.ts';

let t: TestPlatform;
let tenant: TestTenant;
let person: Principal;

beforeAll(async () => {
  t = await createTestPlatform();
  tenant = await t.createTenant('Approvals Plant');
  person = await t.memberPrincipal(tenant.tenantId, 'admin');
});
afterAll(() => t?.close());

const code = (p: Promise<unknown>) => p.then(() => 'ok', (e: { code: string }) => e.code);
const refusal = (p: Promise<unknown>) => p.then(() => ({ code: 'ok', message: '' }), (e: { code: string; message: string }) => e);
const keyIdOf = (secret: string) => secret.split('_')[1]!;

async function modelKey(role: 'admin' | 'service' = 'admin'): Promise<Principal> {
  return t.runtime.authenticate(await t.apiKey(tenant.tenantId, role));
}
async function keyWorks(secret: string): Promise<boolean> {
  return t.runtime.authenticate(secret).then(() => true, () => false);
}
async function approve(principal: Principal, id: string, via: 'web' | 'cli' | 'mcp' | 'jarvis' = 'web', conversationId: string | null = null): Promise<Approval> {
  const out = (await t.runtime.invoke(principal, via, 'approvals.approve', { id }, undefined, { conversationId })) as { approval: Approval };
  return out.approval;
}
async function approvalRow(id: string) {
  return ((await t.call(person, 'approvals.get', { id })) as { approval: Approval }).approval;
}

describe('a destructive call from a model-facing front', () => {
  it('files a pending approval with the plan and a URL for a person, and nothing that applies it', async () => {
    const victim = await t.apiKey(tenant.tenantId, 'viewer');
    const asked = await askThroughModel(t, await modelKey(), 'apiKeys.revoke', { id: keyIdOf(victim) });
    expect(asked.plan).toContain('Revoke API key');
    expect(asked.approvalUrl).toBe(`${t.platform.services.publicUrl.replace(/\/+$/, '')}/approvals/${asked.approvalId}`);
    expect(Object.keys(asked).sort()).toEqual(['approvalId', 'approvalUrl', 'expiresAt', 'message', 'plan']);
    expect(JSON.stringify(asked)).not.toMatch(/confirmationToken/);
    expect(await keyWorks(victim)).toBe(true);
    expect(await approvalRow(asked.approvalId)).toMatchObject({ status: 'pending', operation: 'apiKeys.revoke', input: { id: keyIdOf(victim) } });
  });

  it('asked again, with or without a token, returns the same pending approval and applies nothing', async () => {
    const victim = await t.apiKey(tenant.tenantId, 'viewer');
    const secret = await t.apiKey(tenant.tenantId, 'admin');
    const key = await t.runtime.authenticate(secret);
    const input = { id: keyIdOf(victim) };
    const first = await askThroughModel(t, key, 'apiKeys.revoke', input);
    // A token the same key got on a front for people is worth nothing on a model's front.
    const token = await t.call(key, 'apiKeys.revoke', input).catch((e: { details: { confirmationToken: string } }) => e.details.confirmationToken);
    const again = await askThroughModel(t, key, 'apiKeys.revoke', { ...input, confirmationToken: token });
    expect(again.approvalId).toBe(first.approvalId);
    expect(again.message).toContain('not accepted');
    expect(await askThroughModel(t, key, 'apiKeys.revoke', input, 'jarvis')).toMatchObject({ approvalId: first.approvalId });
    expect(await keyWorks(victim)).toBe(true);
  });

  it('a changed input needs a new approval, and approving one applies only its own input', async () => {
    const [one, two] = [await t.apiKey(tenant.tenantId, 'viewer'), await t.apiKey(tenant.tenantId, 'viewer')];
    const key = await modelKey();
    const first = await askThroughModel(t, key, 'apiKeys.revoke', { id: keyIdOf(one) });
    const second = await askThroughModel(t, key, 'apiKeys.revoke', { id: keyIdOf(two) });
    expect(second.approvalId).not.toBe(first.approvalId);
    expect(await approve(person, first.approvalId)).toMatchObject({ status: 'applied' });
    expect(await keyWorks(one)).toBe(false);
    expect(await keyWorks(two)).toBe(true);
  });
});

describe('who may approve', () => {
  it('never the key that asked, on any front, nor another key', async () => {
    const victim = await t.apiKey(tenant.tenantId, 'viewer');
    const key = await modelKey();
    const { approvalId } = await askThroughModel(t, key, 'apiKeys.revoke', { id: keyIdOf(victim) });
    for (const via of ['mcp', 'system', 'cli'] as const) {
      const refused = await refusal(t.runtime.invoke(key, via, 'approvals.approve', { id: approvalId }));
      expect(refused).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('API key that asked') });
    }
    expect(await refusal(approve(await modelKey(), approvalId, 'cli'))).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('signed-in person') });
    expect(await keyWorks(victim)).toBe(true);
    expect(await approvalRow(approvalId)).toMatchObject({ status: 'pending', decidedBy: null });
  });

  it('never the conversation that asked, nor anyone through a model-facing front', async () => {
    const victim = await t.apiKey(tenant.tenantId, 'viewer');
    const operator = await t.memberPrincipal(tenant.tenantId, 'owner');
    const { approvalId } = await askThroughModel(t, operator, 'apiKeys.revoke', { id: keyIdOf(victim) }, 'jarvis', 'conv-1');
    expect(await approvalRow(approvalId)).toMatchObject({ requester: { front: 'jarvis', conversationId: 'conv-1' } });
    expect(await refusal(approve(operator, approvalId, 'jarvis', 'conv-1'))).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('never through jarvis') });
    expect(await refusal(approve(person, approvalId, 'mcp'))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await refusal(approve(operator, approvalId, 'web', 'conv-1'))).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('conversation that asked') });
    expect(await keyWorks(victim)).toBe(true);
    // Outside the conversation the person whose session Jarvis used decides for themselves: the Jarvis panel's card.
    expect(await approve(operator, approvalId, 'web')).toMatchObject({ status: 'applied', decidedVia: 'web' });
    expect(await keyWorks(victim)).toBe(false);
  });

  it('only a person whose role may run the operation itself', async () => {
    const victim = await t.apiKey(tenant.tenantId, 'viewer');
    const { approvalId } = await askThroughModel(t, await modelKey(), 'apiKeys.revoke', { id: keyIdOf(victim) });
    const operator = await t.memberPrincipal(tenant.tenantId, 'operator');
    expect(await refusal(approve(operator, approvalId))).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('may not run apiKeys.revoke') });
    const viewer = await t.memberPrincipal(tenant.tenantId, 'viewer');
    expect(await code(approve(viewer, approvalId))).toBe('FORBIDDEN');
    expect(await approvalRow(approvalId)).toMatchObject({ status: 'pending' });
  });
});

describe('once a person decides', () => {
  it('approving applies the call once, as the requester; a replay is refused', async () => {
    const victim = await t.apiKey(tenant.tenantId, 'viewer');
    const key = await modelKey();
    const { approvalId } = await askThroughModel(t, key, 'apiKeys.revoke', { id: keyIdOf(victim) });
    const applied = await approve(person, approvalId, 'cli');
    expect(applied).toMatchObject({ status: 'applied', decidedVia: 'cli', result: { apiKey: { id: keyIdOf(victim), revokedAt: expect.any(String) } } });
    expect(await keyWorks(victim)).toBe(false);
    const other = await t.memberPrincipal(tenant.tenantId, 'owner');
    expect(await refusal(approve(other, approvalId))).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('already applied') });
    expect(await code(t.runtime.invoke(person, 'web', 'approvals.reject', { id: approvalId }))).toBe('CONFLICT');
    // The model asking again gets no second effect: the key is revoked, so even the plan is refused.
    expect(await code(t.runtime.invoke(key, 'mcp', 'apiKeys.revoke', { id: keyIdOf(victim) }))).toBe('CONFLICT');
  });

  it('two people approving at once apply it once', async () => {
    const victim = await t.apiKey(tenant.tenantId, 'viewer');
    const { approvalId } = await askThroughModel(t, await modelKey(), 'apiKeys.revoke', { id: keyIdOf(victim) });
    const [first, second] = [person, await t.memberPrincipal(tenant.tenantId, 'owner')];
    const outcomes = await Promise.allSettled([() => approve(first, approvalId), () => approve(second, approvalId)].map((decide) => decide()));
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    const revokes = ((await t.call(person, 'audit.list', { operation: 'apiKeys.revoke', limit: 200 })) as { items: AuditRecord[] }).items.filter(
      (r) => r.outcome === 'ok' && JSON.stringify(r.input).includes(keyIdOf(victim)),
    );
    expect(revokes).toHaveLength(1);
  });

  it('rejecting means it never happens; asking again files a new request', async () => {
    const victim = await t.apiKey(tenant.tenantId, 'viewer');
    const key = await modelKey();
    const { approvalId } = await askThroughModel(t, key, 'apiKeys.revoke', { id: keyIdOf(victim) });
    const rejected = ((await t.runtime.invoke(person, 'web', 'approvals.reject', { id: approvalId, reason: 'that key runs the line' })) as { approval: Approval }).approval;
    expect(rejected).toMatchObject({ status: 'rejected', reason: 'that key runs the line', decidedBy: `user:${person.actor.type === 'user' ? person.actor.uid : ''}` });
    expect(await code(approve(person, approvalId))).toBe('CONFLICT');
    expect(await keyWorks(victim)).toBe(true);
    expect((await askThroughModel(t, key, 'apiKeys.revoke', { id: keyIdOf(victim) })).approvalId).not.toBe(approvalId);
  });

  it('an expired request is refused and marked expired; asking again files a new one', async () => {
    const victim = await t.apiKey(tenant.tenantId, 'viewer');
    const key = await modelKey();
    const { approvalId } = await askThroughModel(t, key, 'apiKeys.revoke', { id: keyIdOf(victim) });
    // An hour passing, without waiting an hour.
    await t.platform.services.db.withTenant(tenant.tenantId, (tx) =>
      tx.update(schema.approvals).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(schema.approvals.id, approvalId)),
    );
    expect(await refusal(approve(person, approvalId))).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('expired') });
    expect(await approvalRow(approvalId)).toMatchObject({ status: 'expired' });
    expect(await keyWorks(victim)).toBe(true);
    expect((await askThroughModel(t, key, 'apiKeys.revoke', { id: keyIdOf(victim) })).approvalId).not.toBe(approvalId);
  });

  it('a requester who lost access since asking gets nothing applied: the approval fails', async () => {
    const victim = await t.apiKey(tenant.tenantId, 'viewer');
    const secret = await t.apiKey(tenant.tenantId, 'admin');
    const { approvalId } = await askThroughModel(t, await t.runtime.authenticate(secret), 'apiKeys.revoke', { id: keyIdOf(victim) });
    await t.platform.services.db.withTenant(tenant.tenantId, (tx) =>
      tx.update(schema.apiKeys).set({ revokedAt: new Date() }).where(eq(schema.apiKeys.id, keyIdOf(secret))),
    );
    expect(await approve(person, approvalId)).toMatchObject({ status: 'failed', result: { error: { code: 'FORBIDDEN' } } });
    expect(await keyWorks(victim)).toBe(true);
  });
});

describe('automation keys', () => {
  it('an admin flags one at creation; it is shown and audited, and it confirms its own calls with a token', async () => {
    const created = (await t.call(tenant.ownerPrincipal, 'apiKeys.create', { name: 'nightly cleanup', role: 'admin', automation: true }, 'web')) as {
      apiKey: { id: string; automation: boolean };
      secret: string;
    };
    expect(created.apiKey.automation).toBe(true);
    const listed = ((await t.call(tenant.ownerPrincipal, 'apiKeys.list')) as { apiKeys: Array<{ id: string; automation: boolean }> }).apiKeys;
    expect(listed.find((k) => k.id === created.apiKey.id)).toMatchObject({ automation: true });
    const audit = ((await t.call(tenant.ownerPrincipal, 'audit.list', { operation: 'apiKeys.create', limit: 50 })) as { items: AuditRecord[] }).items;
    expect(audit[0]).toMatchObject({ outcome: 'ok', input: { automation: true } });

    const automation = await t.runtime.authenticate(created.secret);
    const victim = await t.apiKey(tenant.tenantId, 'viewer');
    const input = { id: keyIdOf(victim) };
    const asked = await t.runtime.invoke(automation, 'mcp', 'apiKeys.revoke', input).catch((e: { code: string; details: { confirmationToken: string } }) => e);
    expect(asked).toMatchObject({ code: 'NEEDS_CONFIRMATION', details: { confirmationToken: expect.any(String) } });
    const { confirmationToken } = (asked as { details: { confirmationToken: string } }).details;
    await t.runtime.invoke(automation, 'mcp', 'apiKeys.revoke', { ...input, confirmationToken });
    expect(await keyWorks(victim)).toBe(false);
  });

  it('a key without the flag never gets a token on a model-facing front', async () => {
    const key = await modelKey();
    const victim = await t.apiKey(tenant.tenantId, 'viewer');
    const answer = await refusal(t.runtime.invoke(key, 'mcp', 'apiKeys.revoke', { id: keyIdOf(victim) }));
    expect(answer.code).toBe('PENDING_APPROVAL');
    expect(JSON.stringify(answer)).not.toMatch(/confirmationToken/);
  });
});

describe('the audit trail', () => {
  it('records the request and the decision with their fronts and the conversation', async () => {
    const victim = await t.apiKey(tenant.tenantId, 'viewer');
    const owner = await t.memberPrincipal(tenant.tenantId, 'owner');
    const { approvalId } = await askThroughModel(t, owner, 'apiKeys.revoke', { id: keyIdOf(victim) }, 'jarvis', 'conv-audit');
    await approve(person, approvalId, 'cli');
    const log = (operation: string) => t.call(person, 'audit.list', { operation, limit: 20 }) as Promise<{ items: AuditRecord[] }>;
    const revokes = (await log('apiKeys.revoke')).items.filter((r) => JSON.stringify(r.input).includes(keyIdOf(victim)));
    expect(revokes).toEqual([
      expect.objectContaining({ outcome: 'ok', front: 'jarvis', conversationId: 'conv-audit' }),
      expect.objectContaining({ outcome: 'error', errorCode: 'PENDING_APPROVAL', front: 'jarvis', conversationId: 'conv-audit' }),
    ]);
    expect((await log('approvals.approve')).items[0]).toMatchObject({ outcome: 'ok', front: 'cli', input: { id: approvalId } });
  });
});

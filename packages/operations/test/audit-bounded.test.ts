import { createHash } from 'node:crypto';
import type { AuditRecord } from '@facilflow/contracts';
import { createTestPlatform, type TestPlatform, type TestTenant } from '@facilflow/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson } from '../src/runtime/canonical-json.ts';

let t: TestPlatform;
let tenant: TestTenant;

beforeAll(async () => {
  t = await createTestPlatform();
  tenant = await t.createTenant('Bounded Audit Plant');
});
afterAll(() => t?.close());

/** Built with a loop: the test itself must not need a deep stack. */
function nested(levels: number): unknown {
  let value: unknown = { leaf: true };
  for (let i = 0; i < levels; i++) value = { a: value };
  return value;
}

async function latest(operation: string): Promise<AuditRecord> {
  const out = (await t.call(tenant.ownerPrincipal, 'audit.list', { operation, limit: 1 })) as { items: AuditRecord[] };
  return out.items[0]!;
}

function sha256(text: string): string {
  return `sha256:${createHash('sha256').update(text).digest('hex')}`;
}

describe(`bounded audit input (${process.env.FF_TEST_DATABASE_URL ? 'postgres' : 'pglite'})`, () => {
  it.each([1_500, 1_000_000])('a write with %i levels of nesting is refused, audited as a bounded summary, and the database keeps answering', async (levels) => {
    const email = `deep-${levels}@example.test`;
    const input = { email, role: 'viewer', payload: nested(levels) };
    await expect(t.call(tenant.ownerPrincipal, 'members.invite', input)).rejects.toMatchObject({ code: 'INVALID', details: { limit: 'maxDepth' } });
    const record = await latest('members.invite');
    expect(record).toMatchObject({ outcome: 'error', errorCode: 'INVALID', inputTruncated: true, input: { email, role: 'viewer' } });
    expect(Buffer.byteLength(JSON.stringify(record.input))).toBeLessThanOrEqual(4096);
    expect(JSON.stringify(record.input)).toContain('nested too deep');
    expect(record.inputDigest).toMatch(/^sha256:[0-9a-f]{64}$/);
    // The database still answers reads and writes after it.
    await t.call(tenant.ownerPrincipal, 'members.invite', { email: `after-${levels}@example.test`, role: 'viewer' });
    expect((await latest('members.invite')).input).toEqual({ email: `after-${levels}@example.test`, role: 'viewer' });
  });

  it('digests the full input as canonical JSON, whatever its key order', async () => {
    const payload = { z: [1, 'two', null, { y: true, b: 2.5 }], a: 'x'.repeat(5_000) };
    await t.call(tenant.ownerPrincipal, 'members.invite', { role: 'viewer', payload, email: 'digest@example.test' });
    const record = await latest('members.invite');
    expect(record.inputDigest).toBe(sha256(canonicalJson({ email: 'digest@example.test', payload, role: 'viewer' })));
    const kept = (record.input as { payload: { a: string } }).payload.a;
    expect(kept.length).toBeLessThan(300);
    expect(kept).toMatch(/…\[\+4800 chars\]$/);
  });

  it('keeps at most 50 entries per level, redacts secrets and escapes what PostgreSQL cannot store', async () => {
    const wide = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`k${i}`, i]));
    const input = { email: 'wide@example.test', role: 'viewer', wide, password: 'hunter2', note: 'nul\u0000 and \uD800 lone' };
    // Refused for the NUL (no store keeps one), and audited with it escaped.
    await expect(t.call(tenant.ownerPrincipal, 'members.invite', input)).rejects.toMatchObject({ code: 'INVALID', message: expect.stringMatching(/note contains a NUL/) });
    const record = await latest('members.invite');
    const stored = record.input as { wide: Record<string, unknown>; password: string; note: string };
    expect(Object.keys(stored.wide)).toHaveLength(51);
    expect(stored.wide['…']).toBe('+450 more left out');
    expect(stored.password).toBe('[redacted]');
    expect(stored.note).toBe('nul\\u0000 and \\ud800 lone');
    expect(JSON.stringify(record.input)).not.toContain('hunter2');
  });

  it('an own __proto__ key is kept as a key of the summary, and the refusal still audited', async () => {
    const input = JSON.parse('{"email":"proto@example.test","role":"viewer","payload":{"__proto__":null,"constructor":{"prototype":1}}}') as Record<string, unknown>;
    await t.call(tenant.ownerPrincipal, 'members.invite', input);
    const record = await latest('members.invite');
    expect(record.outcome).toBe('ok');
    const payload = (record.input as { payload: Record<string, unknown> }).payload;
    expect(Object.keys(payload)).toEqual(['__proto__', 'constructor']);
    expect(Object.getPrototypeOf(payload)).toBe(Object.prototype);
  });

  it('a circular input is refused and audited, its digest of a marker the summary names', async () => {
    const payload: Record<string, unknown> = { name: 'loop' };
    payload.self = payload;
    await expect(t.call(tenant.ownerPrincipal, 'members.invite', { email: 'cycle@example.test', role: 'viewer', payload })).rejects.toMatchObject({ code: 'INVALID' });
    const record = await latest('members.invite');
    expect(record.inputTruncated).toBe(true);
    expect((record.input as Record<string, string>)['[input digest]']).toMatch(/not JSON-serializable \(it contains a circular reference\)/);
    expect(record.inputDigest).toBe(sha256('facilflow:audit:input-not-json-serializable'));
  });
});

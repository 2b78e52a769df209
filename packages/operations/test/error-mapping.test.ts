import { randomBytes } from 'node:crypto';
import { isFacilFlowError } from '@facilflow/contracts';
import { schema } from '@facilflow/db';
import { formatErrorForLog } from '@facilflow/operations';
import { createTestPlatform, type TestPlatform, type TestTenant } from '@facilflow/testkit';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { toFacilFlowError } from '../src/runtime/to-facilflow-error.ts';
import { asOwner } from './owner-sql.ts';

let t: TestPlatform;
let tenant: TestTenant;
const TOKEN_HASH = 'c0ffee'.repeat(10) + 'abcd';

beforeAll(async () => {
  t = await createTestPlatform();
  tenant = await t.createTenant('Error Mapping Plant');
});
afterAll(() => t?.close());

/** What console.error printed while `fn` ran, one string per call. */
async function capturedErrors(fn: () => Promise<unknown>): Promise<string[]> {
  const lines: string[] = [];
  const spy = vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    lines.push(args.map((a) => (a instanceof Error ? `${a.message}\n${a.stack ?? ''}` : String(a))).join(' '));
  });
  try {
    await fn().catch(() => undefined);
  } finally {
    spy.mockRestore();
  }
  return lines;
}

/** A real driver error: an agent row that drizzle sends with its token hash as a parameter. */
async function failingAgentInsert(tenantId: string, name: string): Promise<unknown> {
  const id = `ag_${randomBytes(6).toString('hex')}`;
  return t.platform.services.db
    .withTenant(tenantId, (tx) =>
      tx.insert(schema.agents).values({ id, tenantId, name, enrollmentTokenHash: TOKEN_HASH, desiredConfig: {}, createdBy: 'test' }),
    )
    .then(
      () => null,
      (e: unknown) => e,
    );
}

describe(`error mapping (${process.env.FF_TEST_DATABASE_URL ? 'postgres' : 'pglite'})`, () => {
  it('a duplicate agent name answers CONFLICT naming the agent', async () => {
    await t.call(tenant.ownerPrincipal, 'agents.enroll', { name: 'Packing gateway' });
    const error = await t.call(tenant.ownerPrincipal, 'agents.enroll', { name: 'Packing gateway' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'CONFLICT', message: 'An agent named "Packing gateway" already exists', details: { field: 'name' } });
  });

  it('any unique violation from the driver becomes CONFLICT naming its field', async () => {
    await failingAgentInsert(tenant.tenantId, 'Mixer gateway');
    const driverError = await failingAgentInsert(tenant.tenantId, 'Mixer gateway');
    expect(driverError).toBeInstanceOf(Error);
    const mapped = toFacilFlowError(driverError, 'test.create');
    expect(mapped).toMatchObject({ code: 'CONFLICT', details: { fields: ['name'] } });
    expect(mapped.message).toBe('This name already exists among agents: choose another');
  });

  it('an unexpected driver error is INTERNAL with a ref, logged as one line without statement, parameters or hash', async () => {
    // A foreign-key violation: not an error the service layer expects here.
    const driverError = await failingAgentInsert('no-such-tenant', 'Orphan gateway');
    expect(String((driverError as Error).message)).toContain(TOKEN_HASH); // the raw message does carry it
    let mapped: unknown;
    const lines = await capturedErrors(async () => {
      mapped = toFacilFlowError(driverError, 'test.create');
    });
    expect(isFacilFlowError(mapped) && mapped.code).toBe('INTERNAL');
    const ref = (mapped as { details: { ref: string } }).details.ref;
    expect((mapped as Error).message).toBe(`Internal error (ref ${ref})`);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`test.create failed (ref ${ref})`);
    expect(lines[0]).toContain('[SQLSTATE 23503]');
    expect(lines[0]).not.toContain(TOKEN_HASH);
    expect(lines[0]).not.toMatch(/params|insert into|\n/i);
  });

  it('the log-safe formatter never prints a statement or its parameters, at any depth of the cause chain', async () => {
    const driverError = await failingAgentInsert('no-such-tenant', 'Wrapped gateway');
    const wrapped = new Error('enrolment failed', { cause: driverError });
    for (const error of [driverError, wrapped]) {
      const line = formatErrorForLog(error);
      expect(line).not.toContain(TOKEN_HASH);
      expect(line).not.toMatch(/params|insert into|\n/i);
      expect(line).toContain('23503');
    }
    expect(formatErrorForLog(new Error(`bad key ffk_abc_${'x'.repeat(20)}\nsecond line`))).toMatch(/^Error: bad key \[redacted\] at /);
  });

  // Last: it takes the application's privileges on agents away in this scratch database.
  it('a failing call through the runtime logs no parameters or token hash, and its record says INTERNAL', async () => {
    await asOwner(t.platform.services.db, 'revoke insert on agents from facilflow_app');
    let error: unknown;
    const lines = await capturedErrors(async () => {
      error = await t.call(tenant.ownerPrincipal, 'agents.enroll', { name: 'Denied gateway' }).catch((e: unknown) => e);
    });
    expect(error).toMatchObject({ code: 'INTERNAL' });
    const joined = lines.join('\n');
    expect(joined).toContain('[SQLSTATE 42501]');
    expect(joined).not.toMatch(/params|insert into|enrollment_token_hash/i);
    // The hash is random here, so look for anything shaped like one.
    expect(joined).not.toMatch(/[0-9a-f]{64}|[A-Za-z0-9_-]{43}/);
    const audit = (await t.call(tenant.ownerPrincipal, 'audit.list', { operation: 'agents.enroll', limit: 1 })) as { items: Array<{ outcome: string; errorCode: string }> };
    expect(audit.items[0]).toMatchObject({ outcome: 'error', errorCode: 'INTERNAL' });
  });
});

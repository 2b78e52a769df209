import type { DeadLetter } from '@facilflow/contracts';
import { recordDeadLetter, type DeadLetterInput } from '@facilflow/core';
import { createTestPlatform, type TestPlatform, type TestTenant } from '@facilflow/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let t: TestPlatform;
let a: TestTenant;
let b: TestTenant;

beforeAll(async () => {
  t = await createTestPlatform();
  a = await t.createTenant('Dead Letter Plant A');
  b = await t.createTenant('Dead Letter Plant B');
});
afterAll(() => t?.close());

const T0 = Date.UTC(2025, 5, 1);
const letter = (tenantId: string, n: number, more: Partial<DeadLetterInput> = {}): DeadLetterInput => ({
  tenantId,
  agentId: 'ag_dl',
  topic: `ff/v1/${tenantId}/agents/ag_dl/telemetry`,
  codec: 'json',
  code: 'malformed_json',
  reason: `malformed JSON #${n}`,
  seq: null,
  pointCount: 0,
  rejections: [],
  payload: Buffer.from(`{"broken": ${n}`),
  receivedAt: new Date(T0 + n * 1000),
  key: `test:${n}`,
  ...more,
});
const list = async (tenant: TestTenant, input: object = {}) =>
  (await t.call(tenant.ownerPrincipal, 'deadLetters.list', input)) as { items: DeadLetter[]; nextCursor: string | null };
const failure = (p: Promise<unknown>) => p.then(() => 'ok', (e: { code: string }) => e.code);

describe('dead letters', () => {
  it('records a message once per key, and keeps only the newest N per tenant', async () => {
    for (let n = 1; n <= 6; n++) expect(await recordDeadLetter(t.platform.services, letter(a.tenantId, n), { perTenant: 4, trimEvery: 1 })).toMatchObject({ created: true });
    expect(await recordDeadLetter(t.platform.services, letter(a.tenantId, 6), { perTenant: 4, trimEvery: 1 })).toMatchObject({ created: false });
    await recordDeadLetter(t.platform.services, letter(b.tenantId, 1), { perTenant: 4, trimEvery: 1 });
    expect((await list(a)).items.map((item) => item.reason)).toEqual(['malformed JSON #6', 'malformed JSON #5', 'malformed JSON #4', 'malformed JSON #3']);
    // Another tenant's bound is its own.
    expect((await list(b)).items.map((item) => item.reason)).toEqual(['malformed JSON #1']);
  });

  it('pages newest first without skipping or repeating, and filters', async () => {
    const first = await list(a, { limit: 3 });
    expect(first.items).toHaveLength(3);
    const second = await list(a, { limit: 3, cursor: first.nextCursor });
    expect(second).toMatchObject({ nextCursor: null });
    expect([...first.items, ...second.items].map((item) => item.reason)).toEqual(['malformed JSON #6', 'malformed JSON #5', 'malformed JSON #4', 'malformed JSON #3']);
    expect((await list(a, { code: 'oversize' })).items).toEqual([]);
    expect((await list(a, { agentId: 'ag_other' })).items).toEqual([]);
    expect(await failure(t.call(a.ownerPrincipal, 'deadLetters.list', { cursor: 'garbage' }))).toBe('INVALID');
  });

  it('shows a binary payload as base64 and refuses to replay a truncated one', async () => {
    const binary = Buffer.from([0xff, 0x00, 0xfe, 0x10]);
    const { id } = await recordDeadLetter(t.platform.services, letter(a.tenantId, 100, { payload: binary, key: 'binary' }));
    const got = (await t.call(a.ownerPrincipal, 'deadLetters.get', { id })) as { deadLetter: { payload: string; payloadEncoding: string } };
    expect(got.deadLetter).toMatchObject({ payload: binary.toString('base64'), payloadEncoding: 'base64' });
    const big = Buffer.alloc(2000, 'a');
    const truncated = await recordDeadLetter(t.platform.services, letter(a.tenantId, 101, { payload: big, key: 'big', code: 'oversize' }), { payloadLimit: 100 });
    const shown = (await t.call(a.ownerPrincipal, 'deadLetters.get', { id: truncated.id, payloadBytes: 10 })) as { deadLetter: DeadLetter & { payload: string; payloadShownBytes: number } };
    expect(shown.deadLetter).toMatchObject({ payload: 'aaaaaaaaaa', payloadShownBytes: 10, payloadBytes: 2000, payloadTruncated: true });
    expect(await failure(t.call(a.ownerPrincipal, 'deadLetters.replay', { id: truncated.id }))).toBe('CONFLICT');
    expect(await failure(t.call(a.ownerPrincipal, 'deadLetters.get', { id: 'dl_missing' }))).toBe('NOT_FOUND');
  });

  it('purges in two phases, only what the filter names, only in the caller\'s tenant', async () => {
    const before = (await list(a)).items.length;
    const plan = await t.call(a.ownerPrincipal, 'deadLetters.purge', { before: new Date(T0 + 4500).toISOString() }).catch((e: { code: string; details: { plan: string; confirmationToken: string } }) => e);
    expect(plan).toMatchObject({ code: 'NEEDS_CONFIRMATION', details: { plan: expect.stringMatching(/^Delete 2 dead letters \(received before /) } });
    const token = (plan as { details: { confirmationToken: string } }).details.confirmationToken;
    expect(await t.call(a.ownerPrincipal, 'deadLetters.purge', { before: new Date(T0 + 4500).toISOString(), confirmationToken: token })).toEqual({ deleted: 2 });
    expect((await list(a)).items).toHaveLength(before - 2);
    expect((await list(b)).items).toHaveLength(1);
  });
});

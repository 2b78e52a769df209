import { enrollResponseSchema } from '@facilflow/contracts';
import { createObservability } from '@facilflow/observability';
import { createOperationsRuntime, type Runtime } from '@facilflow/operations';
import { sql } from '@facilflow/db';
import { createTestPlatform, testDatabaseKind, type TestPlatform, type TestTenant } from '@facilflow/testkit';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { capture } from '../../observability/test/support/capture-stream.ts';
import { issueEnrollmentToken, outcome, redeem, redemptionRecords, unknownToken, withWrongSecret } from './support/enrollment.ts';

let t: TestPlatform;
let a: TestTenant;
let b: TestTenant;
let runtime: Runtime;
const logs = capture();

beforeAll(async () => {
  t = await createTestPlatform();
  a = await t.createTenant('Redeem Plant A');
  b = await t.createTenant('Redeem Plant B');
  // Debug: operation inputs are logged too, the level at which a token in them would leak.
  runtime = createOperationsRuntime(t.platform, { observability: createObservability({ name: 'facilflow', level: 'debug', destination: logs.stream }) });
});
afterAll(() => t?.close());

/** PostgreSQL sessions of this scratch database waiting for a lock (read as the owner, who sees every session's wait). */
async function sessionsWaitingOnLocks(): Promise<number> {
  const rows = (await t.platform.services.db.withSystem('test: count sessions waiting on a lock', async (tx) => {
    await tx.execute(sql`reset role`);
    return tx.execute(sql`select count(*)::int as waiting from pg_stat_activity where wait_event_type = 'Lock' and datname = current_database()`);
  })) as unknown as Array<{ waiting: number }>;
  return rows[0]?.waiting ?? 0;
}

describe('agents.redeemEnrollment through the registry', () => {
  it('enrols into the tenant of the token, whatever tenant the input names', async () => {
    const { agentId, token } = await issueEnrollmentToken(t, a);
    const identity = enrollResponseSchema.parse(await redeem(runtime, { token, hostname: 'gw-a', version: '1.0.0', tenantId: b.tenantId }));
    expect(identity).toMatchObject({ tenantId: a.tenantId, agentId, mqtt: { username: agentId } });
    const inA = (await t.call(a.ownerPrincipal, 'agents.get', { agentId })) as { agent: { enrolledAt: string | null; hostname: string | null } };
    expect(inA.agent).toMatchObject({ hostname: 'gw-a' });
    expect(inA.agent.enrolledAt).not.toBeNull();
    expect(await outcome(t.call(b.ownerPrincipal, 'agents.get', { agentId }))).toBe('NOT_FOUND');
  });

  it('audits the redemption in the token’s tenant under the token’s id, never the token or the credentials it gave', async () => {
    const { agentId, token } = await issueEnrollmentToken(t, a);
    const identity = enrollResponseSchema.parse(await redeem(runtime, { token, hostname: 'gw-audit', version: '1.0.0' }));
    const records = (await redemptionRecords(t, a)).filter((r) => r.actorId === `system:enrollment-token:${agentId}`);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      tenantId: a.tenantId,
      actorType: 'system',
      actorLabel: `enrollment-token:${agentId}`,
      front: 'agent',
      operation: 'agents.redeemEnrollment',
      effect: 'write',
      outcome: 'ok',
      errorCode: null,
    });
    // Not even redacted: the token is no part of what is recorded, its id is the actor.
    expect(records[0]?.input).toEqual({ hostname: 'gw-audit', version: '1.0.0' });
    const secret = token.slice(`ffe_${agentId}_`.length);
    const stored = JSON.stringify(await redemptionRecords(t, a));
    expect(stored).not.toContain(secret);
    expect(stored).not.toContain(identity.mqtt.password);
    expect(JSON.stringify(await redemptionRecords(t, b))).not.toContain(agentId);
  });

  it('refuses a used token with UNAUTHENTICATED, audited in its tenant', async () => {
    const { agentId, token } = await issueEnrollmentToken(t, a);
    await redeem(runtime, { token });
    await expect(redeem(runtime, { token })).rejects.toMatchObject({ code: 'UNAUTHENTICATED', message: 'Enrolment token is invalid, used or expired' });
    const records = (await redemptionRecords(t, a)).filter((r) => r.actorId === `system:enrollment-token:${agentId}`);
    expect(records.map((r) => [r.outcome, r.errorCode])).toEqual([
      ['error', 'UNAUTHENTICATED'],
      ['ok', null],
    ]);
  });

  it('of two redemptions of one token at once, exactly one enrols', async () => {
    const { agentId, token } = await issueEnrollmentToken(t, a);
    const outcomes = await Promise.all([0, 1, 2, 3].map((i) => outcome(redeem(runtime, { token, hostname: `racer-${i}` }, `192.0.2.${20 + i}`))));
    expect(outcomes.filter((o) => o === 'ok')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'UNAUTHENTICATED')).toHaveLength(3);
    const records = (await redemptionRecords(t, a)).filter((r) => r.actorId === `system:enrollment-token:${agentId}`);
    expect(records.filter((r) => r.outcome === 'ok')).toHaveLength(1);
    expect(records.filter((r) => r.errorCode === 'UNAUTHENTICATED')).toHaveLength(3);
  });

  // On PostgreSQL the race is made certain: the agent's row is held locked, so both redemptions
  // read it unenrolled and then wait at their update; released, only one update may take it.
  it.runIf(testDatabaseKind() === 'postgres')('of two redemptions that both read the token as unused, exactly one enrols', async () => {
    const { agentId, token } = await issueEnrollmentToken(t, a);
    const db = t.platform.services.db;
    let racing: Promise<string[]> | undefined;
    await db.withSystem('test: hold the agent row while two redemptions reach it', async (tx) => {
      await tx.execute(sql`select id from agents where id = ${agentId} for update`);
      racing = Promise.all([0, 1].map((i) => outcome(redeem(runtime, { token }, `192.0.2.${40 + i}`))));
      while ((await sessionsWaitingOnLocks()) < 2) await new Promise((resolve) => setImmediate(resolve));
    });
    expect((await racing!).sort()).toEqual(['UNAUTHENTICATED', 'ok']);
  });

  it('refuses a wrong secret for a real agent alike, audited in that agent’s tenant, and leaves the token redeemable', async () => {
    const { agentId, token } = await issueEnrollmentToken(t, a);
    await expect(redeem(runtime, { token: withWrongSecret(token) })).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    const [refused] = (await redemptionRecords(t, a)).filter((r) => r.actorId === `system:enrollment-token:${agentId}`);
    expect(refused).toMatchObject({ outcome: 'error', errorCode: 'UNAUTHENTICATED', front: 'agent' });
    expect(await outcome(redeem(runtime, { token }))).toBe('ok');
  });

  it('refuses a revoked agent’s token', async () => {
    const { agentId, token } = await issueEnrollmentToken(t, a);
    const asked = await t.call(a.ownerPrincipal, 'agents.revoke', { agentId }).catch((e: { details: { confirmationToken: string } }) => e.details);
    await t.call(a.ownerPrincipal, 'agents.revoke', { agentId, confirmationToken: (asked as { confirmationToken: string }).confirmationToken });
    expect(await outcome(redeem(runtime, { token }))).toBe('UNAUTHENTICATED');
  });

  it('refuses a token of no tenant, leaving no record in any tenant but a log line naming only its id', async () => {
    const token = unknownToken();
    const agentId = token.slice(4, 23);
    const warn = vi.spyOn(console, 'warn');
    try {
      await expect(redeem(runtime, { token })).rejects.toMatchObject({ code: 'UNAUTHENTICATED', message: 'Enrolment token is invalid, used or expired' });
      const lines = warn.mock.calls.map((args) => args.join(' '));
      expect(lines.some((line) => line.includes(`enrollment-token:${agentId}`) && line.includes('UNAUTHENTICATED'))).toBe(true);
      expect(lines.join('\n')).not.toContain(token);
    } finally {
      warn.mockRestore();
    }
    for (const tenant of [a, b]) expect(JSON.stringify(await redemptionRecords(t, tenant))).not.toContain(agentId);
  });

  it('holds the input to the schema and the edge limits: INVALID, before any token is looked at', async () => {
    expect(await outcome(redeem(runtime, {}))).toBe('INVALID');
    expect(await outcome(redeem(runtime, { token: 1 }))).toBe('INVALID');
    expect(await outcome(redeem(runtime, { token: unknownToken(), hostname: 'gw\u0000' }))).toBe('INVALID');
    expect(await outcome(redeem(runtime, { token: 'too short' }))).toBe('INVALID');
    expect(await outcome(redeem(runtime, { token: 'x'.repeat(40) }))).toBe('UNAUTHENTICATED');
  });

  it('is refused to every principal, and the refusal recorded without the token', async () => {
    const { token } = await issueEnrollmentToken(t, a);
    await expect(t.call(a.ownerPrincipal, 'agents.redeemEnrollment', { token }, 'mcp')).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const [refused] = (await redemptionRecords(t, a)).filter((r) => r.front === 'mcp');
    expect(refused).toMatchObject({ actorId: `user:${a.owner.uid}`, errorCode: 'FORBIDDEN', input: {} });
    expect(JSON.stringify(refused)).not.toContain(token.slice(24));
    expect(await outcome(redeem(runtime, { token }))).toBe('ok');
  });

  it('writes no token and no MQTT password to the logs, and names tenant and token id there', async () => {
    const { agentId, token } = await issueEnrollmentToken(t, a);
    await outcome(redeem(runtime, { token: withWrongSecret(token) }));
    const identity = enrollResponseSchema.parse(await redeem(runtime, { token, hostname: 'gw-logged' }));
    const text = logs.text();
    expect(text).not.toContain(token.slice(24));
    expect(text).not.toContain(identity.mqtt.password);
    const done = logs.lines().find((l) => l.msg === 'operation done' && l.actorId === `system:enrollment-token:${agentId}`);
    expect(done).toMatchObject({ operation: 'agents.redeemEnrollment', front: 'agent', tenantId: a.tenantId, outcome: 'ok' });
  });
});

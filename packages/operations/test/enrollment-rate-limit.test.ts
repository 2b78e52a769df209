import { createOperationsRuntime, type CredentialAttemptLimits, type Runtime } from '@facilflow/operations';
import { createTestPlatform, type TestPlatform, type TestTenant } from '@facilflow/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueEnrollmentToken, outcome, redeem, redemptionRecords, unknownToken, withWrongSecret } from './support/enrollment.ts';

let t: TestPlatform;
let plant: TestTenant;

beforeAll(async () => {
  t = await createTestPlatform();
  plant = await t.createTenant('Rate Limited Plant');
});
afterAll(() => t?.close());

const WINDOW_MS = 60_000;

/** A runtime of its own (its own attempt counts) on a clock the test moves. */
function limitedRuntime(perSource: number, perCredential: number): { runtime: Runtime; clock: { offsetMs: number } } {
  const clock = { offsetMs: 0 };
  const limits: CredentialAttemptLimits = { perSource: { attempts: perSource, windowMs: WINDOW_MS }, perCredential: { attempts: perCredential, windowMs: WINDOW_MS } };
  const services = { ...t.platform.services, now: () => new Date(Date.now() + clock.offsetMs) };
  return { runtime: createOperationsRuntime({ ...t.platform, services }, { credentialAttemptLimits: limits }), clock };
}

describe('agents.redeemEnrollment attempts are bounded', () => {
  it('per source address: after N refused tokens from one address even a valid one is refused there, and is still good elsewhere', async () => {
    const { runtime, clock } = limitedRuntime(3, 10);
    for (let i = 0; i < 3; i++) expect(await outcome(redeem(runtime, { token: unknownToken() }, '198.51.100.7'))).toBe('UNAUTHENTICATED');
    const { token } = await issueEnrollmentToken(t, plant);
    const limited = await redeem(runtime, { token }, '198.51.100.7').catch((e: unknown) => e);
    expect(limited).toMatchObject({ code: 'RATE_LIMITED', details: { limit: 'source' } });
    const retryAfterSeconds = (limited as { details: { retryAfterSeconds: number } }).details.retryAfterSeconds;
    expect(retryAfterSeconds).toBeGreaterThan(0);
    expect(retryAfterSeconds).toBeLessThanOrEqual(WINDOW_MS / 1000);
    // The refusal came before the token was looked at: it is unspent.
    expect(await outcome(redeem(runtime, { token }, '198.51.100.8'))).toBe('ok');
    clock.offsetMs = WINDOW_MS + 1;
    expect(await outcome(redeem(runtime, { token: unknownToken() }, '198.51.100.7'))).toBe('UNAUTHENTICATED');
  });

  it('per token: guesses at one agent’s secret from many addresses spend that token’s attempts', async () => {
    const { runtime, clock } = limitedRuntime(100, 2);
    const { agentId, token } = await issueEnrollmentToken(t, plant);
    expect(await outcome(redeem(runtime, { token: withWrongSecret(token) }, '203.0.113.1'))).toBe('UNAUTHENTICATED');
    expect(await outcome(redeem(runtime, { token: withWrongSecret(token) }, '203.0.113.2'))).toBe('UNAUTHENTICATED');
    expect(await redeem(runtime, { token }, '203.0.113.3').catch((e: unknown) => e)).toMatchObject({ code: 'RATE_LIMITED', details: { limit: 'credential' } });
    clock.offsetMs = WINDOW_MS + 1;
    expect(await outcome(redeem(runtime, { token }, '203.0.113.3'))).toBe('ok');
    const records = (await redemptionRecords(t, plant)).filter((r) => r.actorId === `system:enrollment-token:${agentId}`);
    // The rate-limited attempt never reached the token, so it is logged, not recorded in the tenant.
    expect(records.map((r) => r.errorCode)).toEqual([null, 'UNAUTHENTICATED', 'UNAUTHENTICATED']);
  });

  it('counts parallel guesses too: a burst gets no more than the budget past the limit', async () => {
    const { runtime } = limitedRuntime(4, 10);
    const outcomes = await Promise.all(Array.from({ length: 12 }, () => outcome(redeem(runtime, { token: unknownToken() }, '198.51.100.50'))));
    expect(outcomes.filter((o) => o === 'UNAUTHENTICATED')).toHaveLength(4);
    expect(outcomes.filter((o) => o === 'RATE_LIMITED')).toHaveLength(8);
  });

  it('gives a successful redemption’s attempt back: a plant enrols more gateways from one address than the limit', async () => {
    const { runtime } = limitedRuntime(2, 2);
    for (let i = 0; i < 5; i++) {
      const { token } = await issueEnrollmentToken(t, plant);
      expect(await outcome(redeem(runtime, { token }, '198.51.100.99'))).toBe('ok');
    }
  });

  it('refuses an expired token, audited in its tenant', async () => {
    const { runtime, clock } = limitedRuntime(10, 10);
    const { agentId, token } = await issueEnrollmentToken(t, plant);
    clock.offsetMs = 25 * 60 * 60 * 1000;
    expect(await outcome(redeem(runtime, { token }))).toBe('UNAUTHENTICATED');
    const [refused] = (await redemptionRecords(t, plant)).filter((r) => r.actorId === `system:enrollment-token:${agentId}`);
    expect(refused).toMatchObject({ outcome: 'error', errorCode: 'UNAUTHENTICATED' });
  });
});

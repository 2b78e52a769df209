import { createConfirmations } from '@facilflow/operations';
import { describe, expect, it } from 'vitest';

const binding = { operation: 'apiKeys.revoke', tenantId: 't_a', actorId: 'user:u1', input: { id: 'k1' } };

function clockAt(start: number) {
  let now = start;
  return { now: () => new Date(now), advance: (ms: number) => (now += ms) };
}

describe('confirmation tokens', () => {
  it('apply once, to exactly the call they were issued for', () => {
    const c = createConfirmations('s'.repeat(32), () => new Date());
    const { token } = c.issue(binding);
    expect(() => c.consume(token, { ...binding, input: { id: 'k2' } })).toThrow(/different call/);
    expect(() => c.consume(token, { ...binding, actorId: 'user:u2' })).toThrow(/different call/);
    expect(() => c.consume(token, { ...binding, tenantId: 't_b' })).toThrow(/different call/);
    expect(() => c.consume(token, { ...binding, operation: 'members.remove' })).toThrow(/different call/);
    c.consume(token, binding);
    expect(() => c.consume(token, binding)).toThrow(/already used/);
  });

  it('ignore key order in the input', () => {
    const c = createConfirmations('s'.repeat(32), () => new Date());
    const { token } = c.issue({ ...binding, input: { a: 1, b: 2 } });
    expect(() => c.consume(token, { ...binding, input: { b: 2, a: 1 } })).not.toThrow();
  });

  it('expire', () => {
    const clock = clockAt(Date.parse('2026-01-01T00:00:00Z'));
    const c = createConfirmations('s'.repeat(32), clock.now, 60_000);
    const { token, expiresAt } = c.issue(binding);
    expect(expiresAt.toISOString()).toBe('2026-01-01T00:01:00.000Z');
    clock.advance(60_001);
    expect(() => c.consume(token, binding)).toThrow(/expired/);
  });

  it('refuse tampering and other keys', () => {
    const c = createConfirmations('s'.repeat(32), () => new Date());
    const other = createConfirmations('t'.repeat(32), () => new Date());
    const { token } = other.issue(binding);
    expect(() => c.consume(token, binding)).toThrow(/not genuine/);
    const mine = c.issue(binding).token;
    const [body, mac] = mine.split('.');
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(body!, 'base64url').toString()), t: 't_b' })).toString('base64url');
    expect(() => c.consume(`${forged}.${mac}`, { ...binding, tenantId: 't_b' })).toThrow(/not genuine/);
    expect(() => c.consume('garbage', binding)).toThrow(/not genuine/);
  });
});

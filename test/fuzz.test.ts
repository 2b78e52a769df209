import { FacilFlowError } from '@facilflow/contracts';
import { describe, expect, it } from 'vitest';
import { runFuzz } from '../fuzz/fuzz.ts';
import { outcomeOfError } from '../fuzz/outcome.ts';

describe('fuzz harness', () => {
  it('counts only clear FacilFlowErrors as refusals', () => {
    expect(outcomeOfError(new FacilFlowError('INVALID', 'name is too long'))).toEqual({ kind: 'refused', code: 'INVALID' });
    expect(outcomeOfError(new FacilFlowError('INTERNAL', 'Internal error (ref abc)')).kind).toBe('crash');
    expect(outcomeOfError(new FacilFlowError('FORBIDDEN', ' ')).kind).toBe('crash');
    expect(outcomeOfError(new TypeError('x is undefined')).kind).toBe('crash');
  });
});

// The seeded slice of `npm run fuzz`: the same targets and checks, 2,000 inputs, one fixed seed.
describe('fuzz slice', () => {
  it('2,000 hostile inputs: no crash, nothing hung, every write audited', { timeout: 240_000 }, async () => {
    const tally = await runFuzz({ inputs: 2_000, seed: 20261202, batchSize: 250 });
    expect(tally.report().join('\n')).toBe('fuzz: 2000 inputs, 0 crashes, 0 hung, 0 unaudited writes');
  });
});

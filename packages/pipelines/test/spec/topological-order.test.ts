import { describe, expect, it } from 'vitest';
import { topologicalOrder } from '../../src/spec/index.ts';

const stage = (id: string, needs: string[] = []) => ({ id, needs });

describe('topologicalOrder', () => {
  it('puts every stage after the stages it needs, ports included, ties in spec order', () => {
    expect(topologicalOrder({ stages: [stage('sink', ['b', 'a.late']), stage('b', ['a']), stage('a'), stage('c')] as never })).toEqual(['a', 'c', 'b', 'sink']);
  });

  it('names a cycle', () => {
    expect(() => topologicalOrder({ stages: [stage('a', ['b']), stage('b', ['a']), stage('c')] as never })).toThrow('the stages form a cycle: a → b → a');
  });
});

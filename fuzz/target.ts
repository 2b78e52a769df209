import type fc from 'fast-check';
import type { Outcome } from './outcome.ts';

/** One surface under fuzz: how to make an input, what it is aimed at, and what it did. */
export interface Target<I> {
  name: string;
  arbitrary: fc.Arbitrary<I>;
  subject(input: I): string;
  describe(input: I): string;
  execute(input: I): Promise<Outcome>;
}

/** A target with its input type hidden, so targets of different inputs share one list. */
export interface AnyTarget {
  name: string;
  runBatch(inputs: number, seed: number): Promise<void>;
}

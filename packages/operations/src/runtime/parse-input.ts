import { FacilFlowError } from '@facilflow/contracts';
import type { z } from 'zod';
import type { Operation } from '../define-operation.ts';
import { assertBoundedInput } from './assert-bounded-input.ts';

/** The input held to the edge limits, then to the operation's schema; refused as INVALID naming each field. */
export function parseInput<O extends Operation>(op: O, input: unknown): z.output<O['input']> {
  assertBoundedInput(op.name, input);
  const parsed = op.input.safeParse(input);
  if (!parsed.success) {
    throw new FacilFlowError('INVALID', `Invalid input for ${op.name}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(input)'} ${i.message}`).join('; ')}`, {
      issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    });
  }
  return parsed.data as z.output<O['input']>;
}

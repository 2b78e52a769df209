import type { OperationOutput, RegisteredOperationName } from '@facilflow/operations';
import type { Outcome } from '../../server/web-context.ts';

/** What a page gets for one operation call: its output as the registry defines it, or the problem to show in its place. */
export type Result<N extends RegisteredOperationName> = Outcome<OperationOutput<N>>;
export type { Outcome, Problem } from '../../server/web-context.ts';

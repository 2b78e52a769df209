import type { Principal } from '@facilflow/contracts';
import type { Front } from '@facilflow/contracts';
import type { z } from 'zod';
import type { OperationsByName } from './operations/index.ts';
import type { Runtime } from './runtime/create-runtime.ts';
import type { ConfirmationInput } from './runtime/front-input.ts';

/** The name of an operation in the registry, e.g. 'agents.list'. */
export type RegisteredOperationName = keyof OperationsByName;

/** The operations a caller with a principal reaches on the fronts; a credential-scoped one has its own endpoint. */
export type PrincipalOperationName = {
  [N in RegisteredOperationName]: OperationsByName[N]['scope'] extends 'credential' ? never : N;
}[RegisteredOperationName];

/** What a caller passes: the operation's input schema before parsing (defaults still optional). */
export type OperationInput<N extends RegisteredOperationName> = z.input<OperationsByName[N]['input']>;

/** What the runtime answers: the operation's output schema after parsing. */
export type OperationOutput<N extends RegisteredOperationName> = z.output<OperationsByName[N]['output']>;

export type OperationEffect<N extends RegisteredOperationName> = OperationsByName[N]['effect'];

/** The input a front accepts: the operation's own, plus the confirmation token when it is destructive. */
export type FrontInput<N extends RegisteredOperationName> =
  OperationEffect<N> extends 'destructive' ? OperationInput<N> & ConfirmationInput : OperationInput<N>;

/**
 * `runtime.invoke` typed by operation name. The runtime parses every answer with the
 * operation's output schema, so its result is that schema's output.
 */
export function invokeOperation<N extends RegisteredOperationName>(
  runtime: Pick<Runtime, 'invoke'>,
  principal: Principal,
  via: Front,
  name: N,
  input: FrontInput<N>,
  signal?: AbortSignal,
): Promise<OperationOutput<N>> {
  return runtime.invoke(principal, via, name, input, signal) as Promise<OperationOutput<N>>;
}

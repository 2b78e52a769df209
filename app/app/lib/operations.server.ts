import type { Principal } from '@facilflow/contracts';
import type { FrontInput, RegisteredOperationName } from '@facilflow/operations';
import type { AppLoadContext } from '@remix-run/node';
import type { Result } from './operation-result.ts';

/** The input may be left out only when an empty one would do. */
type InputArgs<N extends RegisteredOperationName> = Record<never, never> extends FrontInput<N> ? [input?: FrontInput<N>] : [input: FrontInput<N>];

/** Calls an operation in-process as the web front; input is validated by the runtime. */
export function invoke<N extends RegisteredOperationName>(context: AppLoadContext, principal: Principal, name: N, ...[input]: InputArgs<N>): Promise<Result<N>> {
  // InputArgs allows leaving the input out only when the empty object is one.
  return context.web.invoke(principal, name, input ?? ({} as FrontInput<N>));
}

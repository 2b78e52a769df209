import type { Principal } from '@facilflow/core';
import type { AppLoadContext } from '@remix-run/node';
import type { OperationName, Result } from './operation-types.ts';

/** Calls an operation in-process as the web front; input is validated by the runtime. */
export function invoke<N extends OperationName>(
  context: AppLoadContext,
  principal: Principal,
  name: N,
  input: Record<string, unknown> = {},
): Promise<Result<N>> {
  return context.web.invoke(principal, name, input) as Promise<Result<N>>;
}

import { FacilFlowError } from '@facilflow/contracts';
import { operationMatches } from '@facilflow/core';
import type { OperationContext } from '../../define-operation.ts';

/** A pattern that matches no registered operation is a typo that would silently never apply: refused, naming it. */
export function assertKnownOperations(ctx: OperationContext, patterns: readonly string[]): void {
  const names = ctx.registeredOperations();
  const unknown = patterns.filter((pattern) => !names.some((name) => operationMatches(pattern, name)));
  if (unknown.length > 0) {
    throw new FacilFlowError('INVALID', `No operation matches ${unknown.map((p) => `"${p}"`).join(', ')}: name registered operations (facilflow ops lists them) or a resource glob such as pipelines.*`, {
      unknown,
    });
  }
}

import type { Effect } from '@facilflow/contracts';
import type { Operation } from '../../define-operation.ts';

/** The procedure kind of an operation with this effect, for the router's type. */
export type TrpcProcedureKind<E extends Effect> = E extends 'read' ? 'query' : 'mutation';

/** Reads are queries (GET: cacheable, safe to repeat), everything else mutations (POST). */
export function trpcProcedureKind<E extends Effect>(op: Pick<Operation, 'effect'> & { effect: E }): TrpcProcedureKind<E> {
  // TypeScript does not narrow a conditional type through the comparison; the two lines say the same.
  return (op.effect === 'read' ? 'query' : 'mutation') as TrpcProcedureKind<E>;
}

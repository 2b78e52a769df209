import type { Operation } from '../../define-operation.ts';

/** Reads are queries (GET: cacheable, safe to repeat), everything else mutations (POST). */
export function trpcProcedureKind(op: Pick<Operation, 'effect'>): 'query' | 'mutation' {
  return op.effect === 'read' ? 'query' : 'mutation';
}

import type { Operation } from '../define-operation.ts';
import { internalError } from './to-facilflow-error.ts';

/**
 * A handler's answer checked against the operation's output schema. A mismatch is the
 * server's bug, not the caller's input: INTERNAL with a ref, the failing paths logged.
 */
export function parseOutput(op: Operation, value: unknown): unknown {
  const parsed = op.output.safeParse(value);
  if (parsed.success) return parsed.data;
  const paths = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(output)'}: ${issue.message}`).join('; ');
  throw internalError(new Error(`output does not match the ${op.name} schema: ${paths}`), op.name);
}

import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { Operation } from '../../define-operation.ts';
import { fenceOperationResult, type FencedText } from '../../runtime/untrusted-fence.ts';

export { UNTRUSTED_DATA_RULE } from '../../runtime/untrusted-fence.ts';

/** The result `_meta` key naming the untrusted fields, for clients that show or filter them. */
export const UNTRUSTED_FIELDS_META = 'facilflow/untrustedFields';

/**
 * A successful call's answer. structuredContent is the output as is, for clients that
 * validate it against the outputSchema; the text a model reads is fenced like Jarvis's
 * (runtime/untrusted-fence.ts) when the output has free text.
 */
export function toolResult(op: Operation, output: Record<string, unknown>): CallToolResult {
  const { text, fields } = fencedText(op, output);
  if (fields.length === 0) return { content: [{ type: 'text', text }], structuredContent: output };
  return { content: [{ type: 'text', text }], structuredContent: output, _meta: { [UNTRUSTED_FIELDS_META]: fields } };
}

/** The JSON of a value an operation returned, fenced when the operation's output has free text (tool results and resources alike). */
export function fencedText(op: Operation, value: unknown): FencedText {
  return fenceOperationResult(op, JSON.stringify(value));
}

import { isBodyTooLargeError } from './body-too-large-error.ts';
import { isJsonLimitError } from './json-limit-error.ts';

/** How a front answers a body it will not take, before any work; each front puts it in its own error shape. */
export interface InputRefusal {
  status: 400 | 413;
  /** The limit broken (e.g. `maxBodyBytes`, `maxDepth`), or `json` for text that is not JSON. */
  limit: string;
  message: string;
}

/** The refusal for an error from readBoundedText or parseBoundedJson; null for any other error (a fault, not the caller's). */
export function inputRefusal(error: unknown): InputRefusal | null {
  if (isBodyTooLargeError(error)) return { status: 413, limit: error.limit, message: error.message };
  if (isJsonLimitError(error)) return { status: 400, limit: error.limit, message: error.message };
  if (error instanceof SyntaxError) return { status: 400, limit: 'json', message: `The body is not valid JSON: ${error.message}` };
  return null;
}

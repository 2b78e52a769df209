import { checkValueLimits, FacilFlowError, findUnstorableText, JsonLimitError } from '@facilflow/contracts';

/**
 * The edge limits and the storable-text rule for every caller, in-process ones too (the web
 * app's loaders, Jarvis, the CLI): an input nested past the limits, or holding a NUL or a
 * lone surrogate that no store can keep, is refused here with its limit or path before any
 * handler, query or audit record sees it.
 */
export function assertBoundedInput(operation: string, input: unknown): void {
  try {
    checkValueLimits(input);
  } catch (error) {
    if (!(error instanceof JsonLimitError)) throw error;
    throw new FacilFlowError('INVALID', `Invalid input for ${operation}: ${error.message}`, { limit: error.limit, max: error.max });
  }
  const unstorable = findUnstorableText(input);
  if (unstorable) {
    throw new FacilFlowError('INVALID', `Invalid input for ${operation}: ${unstorable.path} ${unstorable.reason}`, {
      issues: [{ path: unstorable.path, message: unstorable.reason }],
    });
  }
}

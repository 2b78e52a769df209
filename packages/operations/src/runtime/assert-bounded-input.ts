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
    // Written like the schema's own issues (`fields.0.unit`), so every INVALID names a field the same way.
    const path = unstorable.path.replace(/\[(\d+)\]/g, '.$1').replace(/^\./, '');
    throw new FacilFlowError('INVALID', `Invalid input for ${operation}: ${path} ${unstorable.reason}`, {
      issues: [{ path, message: unstorable.reason }],
    });
  }
}

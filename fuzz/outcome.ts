import { ERROR_CODES, isFacilFlowError } from '@facilflow/contracts';

/** What one fuzz input did. `refused` is a fine answer; `crash` and `hung` are findings. */
export type Outcome = { kind: 'ok' } | { kind: 'refused'; code: string } | { kind: 'crash'; error: string } | { kind: 'hung' };

const CLEAR_CODES = new Set<string>(ERROR_CODES.filter((code) => code !== 'INTERNAL'));

/**
 * A refusal counts only when it is a FacilFlowError with a code other than INTERNAL and a
 * message a person can act on; anything else escaped the error mapping. `explainInternal`
 * turns an INTERNAL's log reference back into the cause the runtime logged.
 */
export function outcomeOfError(error: unknown, explainInternal: (message: string) => string | undefined = () => undefined): Outcome {
  if (isFacilFlowError(error)) {
    if (error.code === 'INTERNAL') return { kind: 'crash', error: `INTERNAL: ${explainInternal(error.message) ?? error.message}` };
    if (!CLEAR_CODES.has(error.code)) return { kind: 'crash', error: `unknown code ${String(error.code)}: ${error.message}` };
    if (typeof error.message !== 'string' || error.message.trim() === '') return { kind: 'crash', error: `${error.code} without a message` };
    return { kind: 'refused', code: error.code };
  }
  return { kind: 'crash', error: `non-FacilFlowError ${describeError(error)}` };
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.constructor.name}: ${error.message}`;
  return `${typeof error}: ${String(error)}`;
}

/** The same defect with different ids, lengths or positions is one class. */
export function signature(error: string): string {
  return error
    .replace(/\(ref [a-z0-9]+\)/g, '(ref …)')
    .replace(/"[^"]{24,}"/g, '"…"')
    .replace(/\b[0-9a-f]{8,}\b|\b[a-z]+_[A-Za-z0-9]{10,}\b/g, '<id>')
    .replace(/\d+/g, 'N')
    .slice(0, 160);
}

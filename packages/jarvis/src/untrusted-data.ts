/**
 * Tool results carry strings that come from plants and people (tag names, descriptions,
 * error messages): data, never instructions. They reach the model inside this element,
 * which the system prompt defines; a `<` inside becomes a JSON escape so no content can
 * close the element early or open one of its own.
 */
export const UNTRUSTED_TAG = 'untrusted_data';

export function wrapUntrusted(source: string, json: string): string {
  const safeSource = source.replace(/[^A-Za-z0-9_.:-]/g, '_');
  return `<${UNTRUSTED_TAG} source="${safeSource}">${json.replace(/</g, '\\u003c')}</${UNTRUSTED_TAG}>`;
}

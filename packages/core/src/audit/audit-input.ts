import { digestInput } from './canonical-json-digest.ts';
import { summarizeInput, unreadableInputSummary, type InputSummary } from './summarize-input.ts';

export interface AuditInputFacts {
  summary: unknown;
  digest: string;
  truncated: boolean;
}

const DIGEST_NOTE_KEY = '[input digest]';

/**
 * What an audit record keeps of an input: a bounded, redacted summary and a digest of the
 * whole. Never throws and never recurses, whatever an in-process caller passes.
 */
export function auditInputFacts(input: unknown): AuditInputFacts {
  let summary: InputSummary;
  try {
    summary = summarizeInput(input);
  } catch (error) {
    summary = unreadableInputSummary(error);
  }
  const { digest, unserializable } = digestInput(input);
  if (unserializable === null) return { summary: summary.value, digest, truncated: summary.truncated };
  const note = `of a marker, not of the input: the input is not JSON-serializable (${unserializable})`;
  const value = summary.value;
  const annotated =
    value !== null && typeof value === 'object' && !Array.isArray(value)
      ? { ...(value as Record<string, unknown>), [DIGEST_NOTE_KEY]: note }
      : { summary: value, [DIGEST_NOTE_KEY]: note };
  return { summary: annotated, digest, truncated: true };
}

import { toStorableText } from '@facilflow/contracts';

/** Audit records keep what was asked, never a secret that came with it. */
const SECRET_KEY = /(secret|password|token|credential|apikey|privatekey)$/i;

export interface InputSummaryLimits {
  /** Levels of objects and arrays kept; deeper ones become a marker. */
  maxDepth: number;
  /** Keys or items kept per object or array. */
  maxEntries: number;
  /** UTF-16 code units kept per string or key before a marker. */
  maxStringLength: number;
  /** Upper bound of the summary's JSON text in UTF-8 bytes. */
  maxBytes: number;
}

export const INPUT_SUMMARY_LIMITS: InputSummaryLimits = { maxDepth: 6, maxEntries: 50, maxStringLength: 200, maxBytes: 4096 };

export interface InputSummary {
  value: unknown;
  /** True when anything was cut, left out or replaced by a marker to stay within the limits. */
  truncated: boolean;
}

// Every container may end with one "more left out" marker; its room is set aside when the
// container is admitted, so adding the marker later can never break the byte bound.
const MARKER_RESERVE = 48;
const OMITTED_KEY = '…';

type Container = unknown[] | Record<string, unknown>;
interface Pending {
  source: object;
  copy: Container;
  depth: number;
}

function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value) ?? 'null');
}

/**
 * A redacted copy of `input` that is small whatever `input` is: at most `maxDepth` levels,
 * `maxEntries` per level, strings cut to `maxStringLength`, `maxBytes` of JSON in total, every
 * string and key storable in PostgreSQL. Built breadth-first with a queue (no recursion), so the
 * shallow fields, which say most about a call, are the ones kept when the budget runs out.
 */
export function summarizeInput(input: unknown, limits: InputSummaryLimits = INPUT_SUMMARY_LIMITS): InputSummary {
  let truncated = false;
  const cut = (text: string): string => {
    if (text.length <= limits.maxStringLength) return toStorableText(text);
    truncated = true;
    // Never split a surrogate pair: half of one would be stored as an escape, not the character.
    let end = limits.maxStringLength;
    const last = text.charCodeAt(end - 1);
    if (last >= 0xd800 && last <= 0xdbff) end -= 1;
    return `${toStorableText(text.slice(0, end))}…[+${text.length - end} chars]`;
  };
  const leaf = (value: unknown): unknown => {
    if (value === null || typeof value === 'boolean') return value;
    if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
    if (typeof value === 'string') return cut(value);
    if (typeof value === 'bigint') return cut(`${value.toString()}n`);
    return `[${typeof value}]`;
  };
  const readable = (value: unknown): unknown => {
    if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
      return (value as { toJSON: () => unknown }).toJSON();
    }
    return value;
  };

  let used = 0;
  const budget = limits.maxBytes - MARKER_RESERVE;
  const queue: Pending[] = [];
  let head = 0;
  const admit = (value: unknown, depth: number): { copy: unknown; bytes: number; pending?: Pending } => {
    const resolved = readable(value);
    if (resolved === null || typeof resolved !== 'object') {
      const copy = leaf(resolved);
      return { copy, bytes: jsonBytes(copy) };
    }
    if (depth > limits.maxDepth) {
      truncated = true;
      const copy = Array.isArray(resolved) ? '[array nested too deep]' : '[object nested too deep]';
      return { copy, bytes: jsonBytes(copy) };
    }
    const copy: Container = Array.isArray(resolved) ? [] : {};
    return { copy, bytes: 2 + MARKER_RESERVE, pending: { source: resolved, copy, depth } };
  };

  const root = admit(input, 1);
  used += root.bytes;
  if (root.pending) queue.push(root.pending);
  while (head < queue.length) {
    const { source, copy, depth } = queue[head++] as Pending;
    const keys = Array.isArray(source) ? null : Object.keys(source);
    const total = keys ? keys.length : (source as unknown[]).length;
    let kept = 0;
    for (; kept < total && kept < limits.maxEntries; kept++) {
      const key = keys ? (keys[kept] as string) : null;
      const child = key === null ? (source as unknown[])[kept] : (source as Record<string, unknown>)[key];
      const storedKey = key === null ? null : cut(key);
      const admitted: ReturnType<typeof admit> =
        key !== null && SECRET_KEY.test(key) ? { copy: '[redacted]', bytes: jsonBytes('[redacted]') } : admit(child, depth + 1);
      const bytes = admitted.bytes + 1 + (storedKey === null ? 0 : jsonBytes(storedKey) + 1);
      if (used + bytes > budget) break;
      used += bytes;
      if (admitted.pending) queue.push(admitted.pending);
      if (storedKey === null) (copy as unknown[]).push(admitted.copy);
      // defineProperty, not assignment: an own `__proto__` key must stay a key, not become the summary's prototype.
      else Object.defineProperty(copy, storedKey, { value: admitted.copy, enumerable: true, writable: true, configurable: true });
    }
    if (kept < total) {
      truncated = true;
      const marker = `+${total - kept} more left out`;
      if (Array.isArray(copy)) copy.push(marker);
      else copy[OMITTED_KEY] = marker;
    }
  }
  const summary = { value: root.copy, truncated };
  // The accounting above keeps within the bound; this check makes the bound a guarantee.
  return jsonBytes(summary.value) <= limits.maxBytes ? summary : { value: '[input summary exceeded its size bound]', truncated: true };
}

/** A summary for an input that could not even be read (a throwing getter or toJSON). */
export function unreadableInputSummary(error: unknown): InputSummary {
  return { value: `[input could not be read: ${error instanceof Error ? error.name : typeof error}]`, truncated: true };
}

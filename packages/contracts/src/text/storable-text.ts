/**
 * PostgreSQL refuses U+0000 in text and jsonb, and a lone UTF-16 surrogate cannot be
 * encoded as UTF-8 at all. Text that reaches a store passes this one boundary, so such a
 * value becomes a clear refusal or an escaped copy instead of a failed insert retried for ever.
 */

// A NUL, a high surrogate not followed by a low one, or a low surrogate not preceded by a high one.
// eslint-disable-next-line no-control-regex -- finding U+0000 is this pattern's purpose
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const UNSTORABLE_GLOBAL = new RegExp(UNSTORABLE.source, 'g');

/** Why `text` cannot be stored as it is, or null when it can. */
export function unstorableTextReason(text: string): string | null {
  const found = UNSTORABLE.exec(text);
  if (!found) return null;
  const unit = found[0].charCodeAt(0);
  return unit === 0
    ? `contains a NUL character (U+0000) at offset ${found.index}`
    : `contains a lone surrogate (U+${unit.toString(16).toUpperCase()}) at offset ${found.index}`;
}

/** `text` with every unstorable code unit written as its `\uXXXX` escape, so the stored copy keeps what was sent. */
export function toStorableText(text: string): string {
  return text.replace(UNSTORABLE_GLOBAL, (unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export interface UnstorableTextFinding {
  /** Where in the value, e.g. `points[3].fields.label` or `(key) tags`. */
  path: string;
  reason: string;
}

/**
 * The first string (value or object key) in `value` that cannot be stored. Walks with an
 * explicit stack, so a value nested deeper than the call stack is still checked.
 */
export function findUnstorableText(value: unknown): UnstorableTextFinding | null {
  const pending: Array<{ value: unknown; path: string }> = [{ value, path: '' }];
  while (pending.length > 0) {
    const { value: current, path } = pending.pop() as { value: unknown; path: string };
    if (typeof current === 'string') {
      const reason = unstorableTextReason(current);
      if (reason) return { path: path || '(value)', reason };
    } else if (Array.isArray(current)) {
      for (let index = current.length - 1; index >= 0; index--) pending.push({ value: current[index], path: `${path}[${index}]` });
    } else if (current !== null && typeof current === 'object') {
      for (const [key, child] of Object.entries(current)) {
        const keyReason = unstorableTextReason(key);
        if (keyReason) return { path: `${path || '(value)'} key`, reason: keyReason };
        pending.push({ value: child, path: path ? `${path}.${key}` : key });
      }
    }
  }
  return null;
}

/** A copy of a JSON-like value with every string and key made storable. Iterative, like findUnstorableText. */
export function toStorableJson(value: unknown): unknown {
  const root: { value: unknown } = { value: undefined };
  const pending: Array<{ source: unknown; assign: (copy: unknown) => void }> = [{ source: value, assign: (copy) => (root.value = copy) }];
  while (pending.length > 0) {
    const { source, assign } = pending.pop() as (typeof pending)[number];
    if (typeof source === 'string') assign(toStorableText(source));
    else if (Array.isArray(source)) {
      const copy: unknown[] = new Array<unknown>(source.length);
      assign(copy);
      source.forEach((child, index) => pending.push({ source: child, assign: (c) => (copy[index] = c) }));
    } else if (source !== null && typeof source === 'object') {
      const copy: Record<string, unknown> = {};
      assign(copy);
      for (const [key, child] of Object.entries(source)) {
        const storableKey = toStorableText(key);
        pending.push({ source: child, assign: (c) => (copy[storableKey] = c) });
      }
    } else assign(source);
  }
  return root.value;
}

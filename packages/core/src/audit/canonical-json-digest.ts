import { createHash } from 'node:crypto';

export type CanonicalJsonResult = { serializable: true } | { serializable: false; reason: string };

type Frame = { value: unknown; prefix: string } | { close: string; container: object };

const OMITTED_IN_OBJECTS = new Set(['undefined', 'function', 'symbol']);

function byKey([a]: [string, unknown], [b]: [string, unknown]): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** What JSON.stringify would serialize in place of `value` (its toJSON result, e.g. a Date's ISO string). */
function resolve(value: unknown, key: string): unknown {
  if (value !== null && (typeof value === 'object' || typeof value === 'bigint')) {
    const toJSON = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') return (toJSON as (key: string) => unknown).call(value, key);
  }
  return value;
}

function primitiveJson(value: unknown): string | null {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'undefined':
    case 'function':
    case 'symbol':
      // Only reached inside arrays, where JSON writes these as null.
      return 'null';
    default:
      return null;
  }
}

/**
 * Writes `value` as JSON with object keys sorted (the same text as JSON.stringify with sorted
 * keys) to `write`, in chunks. It walks with an explicit stack, so a value nested deeper than
 * the call stack is written too; a cycle or a BigInt is reported instead of thrown.
 */
export function writeCanonicalJson(value: unknown, write: (chunk: string) => void): CanonicalJsonResult {
  const ancestors = new Set<object>();
  const root = resolve(value, '');
  if (root === undefined || typeof root === 'function' || typeof root === 'symbol') {
    return { serializable: false, reason: `a ${typeof root} is not JSON` };
  }
  const stack: Frame[] = [{ value: root, prefix: '' }];
  while (stack.length > 0) {
    const frame = stack.pop() as Frame;
    if ('close' in frame) {
      ancestors.delete(frame.container);
      write(frame.close);
      continue;
    }
    write(frame.prefix);
    const current = frame.value;
    const primitive = primitiveJson(current);
    if (primitive !== null) {
      write(primitive);
      continue;
    }
    if (typeof current === 'bigint') return { serializable: false, reason: 'a BigInt is not JSON' };
    const container = current as object;
    if (ancestors.has(container)) return { serializable: false, reason: 'it contains a circular reference' };
    ancestors.add(container);
    if (Array.isArray(container)) {
      write('[');
      stack.push({ close: ']', container });
      for (let index = container.length - 1; index >= 0; index--) {
        stack.push({ value: resolve(container[index] as unknown, String(index)), prefix: index > 0 ? ',' : '' });
      }
      continue;
    }
    const entries = Object.entries(container)
      .map(([key, child]): [string, unknown] => [key, resolve(child, key)])
      .filter(([, child]) => !OMITTED_IN_OBJECTS.has(typeof child))
      .sort(byKey);
    write('{');
    stack.push({ close: '}', container });
    for (let index = entries.length - 1; index >= 0; index--) {
      const [key, child] = entries[index] as [string, unknown];
      stack.push({ value: child, prefix: `${index > 0 ? ',' : ''}${JSON.stringify(key)}:` });
    }
  }
  return { serializable: true };
}

/** The canonical JSON text of `value`, or null when it has none (see writeCanonicalJson). */
export function canonicalJsonText(value: unknown): string | null {
  const chunks: string[] = [];
  return writeCanonicalJson(value, (chunk) => chunks.push(chunk)).serializable ? chunks.join('') : null;
}

export interface InputDigest {
  /** `sha256:<hex>` */
  digest: string;
  /** Why the input has no canonical JSON; the digest is then of a fixed marker, not of the input. */
  unserializable: string | null;
}

const UNSERIALIZABLE_MARKER = 'facilflow:audit:input-not-json-serializable';

/** SHA-256 of the input's canonical JSON, hashed as it is written so a large input is never one string. */
export function digestInput(input: unknown): InputDigest {
  const hash = createHash('sha256');
  let buffered = '';
  let reason: string | null;
  try {
    const result = writeCanonicalJson(input, (chunk) => {
      buffered += chunk;
      if (buffered.length >= 65_536) {
        hash.update(buffered);
        buffered = '';
      }
    });
    reason = result.serializable ? null : result.reason;
  } catch (error) {
    // A getter or toJSON that throws: the input cannot be read, let alone serialized.
    reason = `reading it threw ${error instanceof Error ? error.name : typeof error}`;
  }
  if (reason !== null) {
    return { digest: `sha256:${createHash('sha256').update(UNSERIALIZABLE_MARKER).digest('hex')}`, unserializable: reason };
  }
  hash.update(buffered);
  return { digest: `sha256:${hash.digest('hex')}`, unserializable: null };
}

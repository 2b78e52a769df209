import fc from 'fast-check';
import { hostileJson, hostileKey, hostileLeaf, hostileNumber, nastyChar, withOwnKeys } from './hostile-values.ts';

type Path = ReadonlyArray<string | number>;

type Mutation =
  | { kind: 'replace'; at: number; value: unknown }
  | { kind: 'addKey'; at: number; key: string; value: unknown }
  | { kind: 'dropKey'; at: number }
  | { kind: 'injectChar'; at: number; char: string; position: number }
  | { kind: 'inflate'; at: number; length: number }
  | { kind: 'retype'; at: number }
  | { kind: 'nest'; at: number; depth: number }
  | { kind: 'number'; at: number; value: number };

const at = fc.nat({ max: 1_000 });

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('replace' as const), at, value: fc.oneof({ weight: 3, arbitrary: hostileLeaf }, { weight: 1, arbitrary: hostileJson }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('addKey' as const), at, key: hostileKey, value: hostileLeaf }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('dropKey' as const), at }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('injectChar' as const), at, char: nastyChar, position: fc.nat({ max: 64 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('inflate' as const), at, length: fc.constantFrom(65, 129, 1025, 4097, 20_001, 262_145) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('retype' as const), at }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('nest' as const), at, depth: fc.constantFrom(10, 200, 5_000) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('number' as const), at, value: hostileNumber }) },
);

/** A valid example with one to three hostile edits: reaches past the first check, unlike inputs made from scratch. */
export function mutated(valid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.tuple(valid, fc.array(mutation, { minLength: 1, maxLength: 3 })).map(([value, edits]) => edits.reduce(apply, clone(value)));
}

function apply(root: unknown, edit: Mutation): unknown {
  const paths = pathsOf(root);
  const path = paths[edit.at % paths.length] ?? [];
  const current = get(root, path);
  switch (edit.kind) {
    case 'replace':
      return set(root, path, edit.value);
    case 'addKey':
      if (isRecord(current)) return set(root, path, withOwnKeys([...Object.entries(current), [edit.key, edit.value]]));
      return set(root, path, withOwnKeys([[edit.key, edit.value]]));
    case 'dropKey': {
      if (path.length === 0) return root;
      const parentPath = path.slice(0, -1);
      const parent = get(root, parentPath);
      const last = path[path.length - 1];
      if (isRecord(parent)) return set(root, parentPath, Object.fromEntries(Object.entries(parent).filter(([k]) => k !== last)));
      if (Array.isArray(parent)) return set(root, parentPath, parent.filter((_, i) => i !== last));
      return root;
    }
    case 'injectChar': {
      const text = typeof current === 'string' ? current : typeof current === 'number' ? String(current) : '';
      const i = edit.position % (text.length + 1);
      return set(root, path, text.slice(0, i) + edit.char + text.slice(i));
    }
    case 'inflate': {
      const text = typeof current === 'string' && current.length > 0 ? current : 'x';
      return set(root, path, text.repeat(Math.ceil(edit.length / text.length)).slice(0, edit.length));
    }
    case 'retype':
      return set(root, path, retype(current));
    case 'nest': {
      let value: unknown = current;
      for (let i = 0; i < edit.depth; i++) value = [value];
      return set(root, path, value);
    }
    case 'number':
      return set(root, path, edit.value);
  }
}

function retype(value: unknown): unknown {
  if (typeof value === 'string') return Number(value) || [value];
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'true' : 0;
  if (Array.isArray(value)) return { 0: value[0], length: value.length };
  if (isRecord(value)) return Object.values(value);
  return {};
}

function pathsOf(root: unknown): Path[] {
  const out: Path[] = [];
  const walk = (value: unknown, path: Path) => {
    if (out.length > 200) return;
    out.push(path);
    if (Array.isArray(value)) value.slice(0, 20).forEach((v, i) => walk(v, [...path, i]));
    else if (isRecord(value)) for (const [k, v] of Object.entries(value).slice(0, 20)) walk(v, [...path, k]);
  };
  walk(root, []);
  return out;
}

function get(root: unknown, path: Path): unknown {
  let value = root;
  for (const key of path) value = Array.isArray(value) ? value[key as number] : isRecord(value) ? value[key as string] : undefined;
  return value;
}

/** Copy-on-write along the path; own-key definition so a `__proto__` segment stays an ordinary key. */
function set(root: unknown, path: Path, next: unknown): unknown {
  if (path.length === 0) return next;
  const [head, ...rest] = path;
  if (Array.isArray(root)) {
    const copy = [...root];
    copy[head as number] = set(root[head as number], rest, next);
    return copy;
  }
  const base = isRecord(root) ? root : {};
  const copy = withOwnKeys(Object.entries(base));
  Object.defineProperty(copy, head as string, { value: set(base[head as string], rest, next), enumerable: true, writable: true, configurable: true });
  return copy;
}

function clone(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(clone);
  if (isRecord(value)) return withOwnKeys(Object.entries(value).map(([k, v]) => [k, clone(v)] as const));
  return value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.getPrototypeOf(value) === Object.prototype;
}

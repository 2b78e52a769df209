/**
 * A series is a measurement plus its canonical tag set: `k=v,k=v` sorted by key. Points
 * usually arrive with their tags in one fixed order per series, so callers key their hot maps
 * by `rawTagKey` (insertion order, no sort) and compute the canonical key once per new series.
 */
export function seriesKey(tags: Readonly<Record<string, string>>): string {
  const keys = Object.keys(tags);
  if (keys.length === 0) return '';
  keys.sort();
  let out = '';
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    out += (i === 0 ? '' : ',') + k + '=' + tags[k];
  }
  return out;
}

/** The tag set in insertion order; a separator that cannot occur in identifiers keeps keys unambiguous. */
export function rawTagKey(tags: Readonly<Record<string, string>>): string {
  let out = '';
  for (const k in tags) out += k + '\u0001' + tags[k] + '\u0002';
  return out;
}

export interface TagTrieNode<T> {
  value: T | undefined;
  /** The tag key that usually follows here, and its values (one lookup per tag). */
  key: string | undefined;
  byValue: Map<string, TagTrieNode<T>> | undefined;
  /** Other keys following here (tags in another order, or another tag set). */
  other: Map<string, Map<string, TagTrieNode<T>>> | undefined;
}

const leaf = <T>(): TagTrieNode<T> => ({ value: undefined, key: undefined, byValue: undefined, other: undefined });

/**
 * Finds what belongs to (root, tag set) without building a string per point: one map
 * lookup per tag value, in the order the point carries them (a series seen with its tags in
 * two orders has two paths; callers alias them through `seriesKey`). Short strings hash
 * fast and V8 caches the hash on each string, so this is several times cheaper than
 * concatenating and hashing a key.
 */
export class TagTrie<T> {
  private readonly roots = new Map<string, TagTrieNode<T>>();

  node(root: string, tags: Readonly<Record<string, string>>): TagTrieNode<T> {
    let node: TagTrieNode<T> | undefined = this.roots.get(root);
    if (!node) {
      node = leaf();
      this.roots.set(root, node);
    }
    for (const k in tags) {
      let byValue: Map<string, TagTrieNode<T>> | undefined;
      if (node.key === k) {
        byValue = node.byValue!;
      } else if (node.key === undefined) {
        node.key = k;
        byValue = node.byValue = new Map();
      } else {
        const other: Map<string, Map<string, TagTrieNode<T>>> = (node.other ??= new Map());
        byValue = other.get(k);
        if (!byValue) {
          byValue = new Map();
          other.set(k, byValue);
        }
      }
      const v = tags[k]!;
      let child: TagTrieNode<T> | undefined = byValue.get(v);
      if (!child) {
        child = leaf();
        byValue.set(v, child);
      }
      node = child;
    }
    return node;
  }

  /** Drops the branches that no longer lead to a value. */
  prune(): void {
    for (const [root, node] of this.roots) if (pruneNode(node)) this.roots.delete(root);
  }

  clear(): void {
    this.roots.clear();
  }
}

function pruneValues<T>(byValue: Map<string, TagTrieNode<T>>): void {
  for (const [v, child] of byValue) if (pruneNode(child)) byValue.delete(v);
}

function pruneNode<T>(node: TagTrieNode<T>): boolean {
  if (node.byValue) {
    pruneValues(node.byValue);
    if (node.byValue.size === 0 && !node.other) {
      node.byValue = undefined;
      node.key = undefined;
    }
  }
  if (node.other) {
    for (const [k, byValue] of node.other) {
      pruneValues(byValue);
      if (byValue.size === 0) node.other.delete(k);
    }
    if (node.other.size === 0) node.other = undefined;
  }
  return node.value === undefined && node.byValue === undefined && node.other === undefined;
}

import type { AssetNode } from '@facilflow/contracts';

/** ISA-95 levels, top down; tags with these names place a series in the plant. */
export const ASSET_LEVELS = ['enterprise', 'site', 'area', 'line', 'machine'] as const;

/** Folds tag sets into the enterprise → … → machine tree; a missing level (a machine with no line) is skipped. */
export function assetTree(tagSets: Iterable<Record<string, string>>): AssetNode[] {
  const roots: AssetNode[] = [];
  for (const tags of tagSets) {
    let level = roots;
    for (const name of ASSET_LEVELS) {
      const value = tags[name];
      if (!value) continue;
      let node = level.find((n) => n.level === name && n.name === value);
      if (!node) {
        node = { level: name, name: value, children: [] };
        level.push(node);
      }
      level = node.children;
    }
  }
  return roots;
}

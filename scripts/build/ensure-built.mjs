// What the bins and `npm start` call before they import compiled code: a root whose sources
// changed since its build is compiled again first, so a checkout never runs stale JavaScript.
import { compileRoot, isStale } from './compile.mjs';
import { writeOperationKinds } from './operation-kinds.mjs';
import { sourceRoots } from './source-roots.mjs';

/** The roots whose build the CLI's operation-kinds file is made from. */
const KINDS_FROM = new Set(['packages/operations', 'packages/cli']);

export async function ensureBuilt({ onlyStale = true } = {}) {
  const roots = sourceRoots();
  const built = [];
  let files = 0;
  for (const root of roots) {
    if (onlyStale && !(await isStale(root))) continue;
    files += await compileRoot(roots, root);
    built.push(root.name);
  }
  if (built.some((name) => KINDS_FROM.has(name))) await writeOperationKinds();
  return { built, files };
}

// Compiles source roots with esbuild, one output file per source file: imports stay imports,
// a relative import of a `.ts` file becomes the `.js` file its root's build puts there (also
// across roots), packages stay bare so Node resolves them to their own builds.
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';

const SOURCE_FILE = /\.tsx?$/;
const STAMP = '.build-stamp.json';

async function sourceFiles(dir) {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && SOURCE_FILE.test(entry.name) && !entry.name.endsWith('.d.ts'))
    .map((entry) => join(entry.parentPath ?? entry.path, entry.name));
}

function outputPathFor(roots, sourcePath) {
  const root = roots.find((r) => sourcePath === r.src || sourcePath.startsWith(r.src + sep));
  if (!root) return null;
  return join(root.out, relative(root.src, sourcePath)).replace(SOURCE_FILE, '.js');
}

function importSpecifier(fromFile, toFile) {
  const path = relative(dirname(fromFile), toFile).split(sep).join('/');
  return path.startsWith('.') ? path : `./${path}`;
}

function keepImports(roots) {
  return {
    name: 'keep-imports',
    setup(build) {
      build.onResolve({ filter: /.*/ }, (args) => {
        if (args.kind === 'entry-point') return undefined;
        if (!args.path.startsWith('.')) return { path: args.path, external: true };
        // JSON (a package's own package.json) is inlined: esbuild would drop the import attribute Node requires.
        if (args.path.endsWith('.json')) return undefined;
        const target = resolve(args.resolveDir, args.path);
        const from = outputPathFor(roots, args.importer) ?? args.importer;
        const to = SOURCE_FILE.test(target) ? outputPathFor(roots, target) ?? target : target;
        return { path: importSpecifier(from, to), external: true };
      });
    },
  };
}

/** What a root's sources look like now: compared with the stamp of its last build. */
async function fingerprint(root) {
  const files = await sourceFiles(root.src);
  let newest = 0;
  for (const file of files) newest = Math.max(newest, (await stat(file)).mtimeMs);
  return { files: files.length, newestSourceMs: newest };
}

export async function isStale(root) {
  const now = await fingerprint(root);
  try {
    const stamp = JSON.parse(await readFile(join(root.out, STAMP), 'utf8'));
    return stamp.files !== now.files || stamp.newestSourceMs !== now.newestSourceMs;
  } catch {
    return true;
  }
}

export async function compileRoot(roots, root) {
  const before = await fingerprint(root);
  const entryPoints = await sourceFiles(root.src);
  // Loaded only when something is stale: an installed build runs without the compiler.
  const esbuild = await import('esbuild');
  // Built beside and swapped in, so a process importing the old build meanwhile never sees half a folder.
  const staging = `${root.out}.${process.pid}.tmp`;
  await rm(staging, { recursive: true, force: true });
  await esbuild.build({
    entryPoints,
    outbase: root.src,
    outdir: staging,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: 'linked',
    jsx: 'automatic',
    logLevel: 'warning',
    // Paths are computed against the final folder: the staging one only holds the files for a moment.
    plugins: [keepImports(roots)],
  });
  await mkdir(staging, { recursive: true });
  await writeFile(join(staging, STAMP), JSON.stringify(before));
  await rm(root.out, { recursive: true, force: true });
  await mkdir(dirname(root.out), { recursive: true });
  await rename(staging, root.out);
  return entryPoints.length;
}

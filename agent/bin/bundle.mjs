// Bundles the agent's TypeScript sources into ES modules with esbuild (the one tsx brings), in a
// cache next to the agent's dependencies, and returns the entry's URL; null when that cannot be done.
import { mkdir, rename, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const AGENT_DIR = dirname(dirname(fileURLToPath(import.meta.url)));
// Under the agent's own node_modules, so that the packages the bundle leaves out (node-opcua,
// mqtt, zod...) resolve from it exactly as they do from the sources.
const CACHE_DIR = join(AGENT_DIR, 'node_modules', '.cache', 'facilflow-agent');

/** Everything but relative imports and the workspace's own TypeScript packages stays an import. */
const externalPackages = {
  name: 'external-packages',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith('@facilflow/') ? undefined : { external: true }));
  },
};

export async function bundleAgent() {
  const require = createRequire(createRequire(import.meta.url).resolve('tsx'));
  const esbuild = await import(pathToFileURL(require.resolve('esbuild')).href);
  try {
    const result = await esbuild.build({
      entryPoints: [join(AGENT_DIR, 'src', 'cli.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      // Code splitting keeps cli.ts's dynamic import lazy: enrolling never loads node-opcua.
      splitting: true,
      outdir: CACHE_DIR,
      entryNames: '[name]-[hash]',
      chunkNames: 'chunk-[hash]',
      write: false,
      logLevel: 'silent',
      plugins: [externalPackages],
    });
    // Names carry their content hash: a file already there is the same code (another agent, an earlier start).
    await mkdir(CACHE_DIR, { recursive: true });
    for (const file of result.outputFiles) {
      if (await stat(file.path).then(() => true, () => false)) continue;
      const temp = `${file.path}.${process.pid}.tmp`;
      await writeFile(temp, file.contents);
      await rename(temp, file.path);
    }
    const entry = result.outputFiles.find((file) => basename(file.path).startsWith('cli-') && file.path.endsWith('.js'));
    return entry ? pathToFileURL(entry.path).href : null;
  } finally {
    // The esbuild service is a child process: not needed once the bundle is written.
    await esbuild.stop?.();
  }
}


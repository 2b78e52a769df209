// `npm run build`: every source root compiled to JavaScript (see source-roots.mjs), then the
// web app's production bundle (remix vite:build).
//   node scripts/build/build.mjs             everything
//   node scripts/build/build.mjs --if-stale  only roots whose sources changed since their last build
//   node scripts/build/build.mjs --no-web    the roots only, without the web app's bundle
//   node scripts/build/build.mjs --watch     rebuild a root whenever one of its files changes
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { watch } from 'node:fs';
import { join } from 'node:path';
import { ensureBuilt } from './ensure-built.mjs';
import { REPO_DIR, sourceRoots } from './source-roots.mjs';

const args = new Set(process.argv.slice(2));

async function compile(onlyStale) {
  const started = performance.now();
  const { built, files } = await ensureBuilt({ onlyStale });
  const ms = Math.round(performance.now() - started);
  console.log(built.length === 0 ? 'build: up to date' : `build: ${files} files in ${built.length} roots (${built.join(', ')}) in ${ms} ms`);
}

if (args.has('--watch')) {
  await compile(true);
  let timer;
  for (const root of sourceRoots()) {
    watch(root.src, { recursive: true }, () => {
      clearTimeout(timer);
      timer = setTimeout(() => compile(true).catch((error) => console.error(`build: ${error.message}`)), 100);
    });
  }
  console.log('build: watching for changes (Ctrl-C stops)');
} else {
  await compile(args.has('--if-stale'));
  if (!args.has('--if-stale') && !args.has('--no-web')) {
    const web = spawnSync('npx', ['remix', 'vite:build'], { cwd: join(REPO_DIR, 'app'), stdio: 'inherit' });
    if (web.status !== 0) process.exit(web.status ?? 1);
  }
}

// Every folder of TypeScript that runs as JavaScript, and where its build goes. A folder's
// build mirrors it file for file, so paths a module finds relative to itself (migrations,
// the plant model, package.json) are the same from src/ and from dist/.
import { readdirSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_DIR = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..');

export function sourceRoots() {
  const packages = readdirSync(join(REPO_DIR, 'packages'))
    .filter((name) => existsSync(join(REPO_DIR, 'packages', name, 'src')))
    .map((name) => ({ name: `packages/${name}`, src: join(REPO_DIR, 'packages', name, 'src'), out: join(REPO_DIR, 'packages', name, 'dist') }));
  return [
    ...packages,
    { name: 'mcp-server', src: join(REPO_DIR, 'mcp-server', 'src'), out: join(REPO_DIR, 'mcp-server', 'dist') },
    { name: 'agent', src: join(REPO_DIR, 'agent', 'src'), out: join(REPO_DIR, 'agent', 'dist') },
    { name: 'app/server', src: join(REPO_DIR, 'app', 'server'), out: join(REPO_DIR, 'app', 'dist', 'server') },
    { name: 'scripts/start', src: join(REPO_DIR, 'scripts', 'start'), out: join(REPO_DIR, 'scripts', 'dist', 'start') },
  ].filter((root) => existsSync(root.src));
}

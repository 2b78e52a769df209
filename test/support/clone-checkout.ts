import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { lstat, mkdir, readdir, readFile, readlink, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The repository this test runs in: its committed state is what a user clones. */
export async function repositoryRoot(): Promise<string> {
  return (await run('git', ['rev-parse', '--show-toplevel'])).stdout.trim();
}

/** `git clone` of the repository's HEAD (committed files only, as a user gets them) into `into`. */
export async function cloneRepository(from: string, into: string): Promise<void> {
  await run('git', ['clone', '--quiet', from, into]);
}

/** The root and every workspace folder that package.json's `workspaces` names (plain dirs and `dir/*`). */
async function workspaceDirs(root: string): Promise<string[]> {
  const manifest = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { workspaces?: string[] };
  const dirs = ['.'];
  for (const pattern of manifest.workspaces ?? []) {
    if (!pattern.endsWith('/*')) {
      dirs.push(pattern);
      continue;
    }
    const parent = pattern.slice(0, -2);
    for (const entry of await readdir(join(root, parent), { withFileTypes: true })) if (entry.isDirectory()) dirs.push(join(parent, entry.name));
  }
  return dirs;
}

/**
 * Gives `to` the installed dependencies of `from` without copying them. A node_modules that is
 * one symlink would not do: the workspace links inside it (`@facilflow/core -> ../../packages/core`)
 * would then resolve in `from`, and the clone would run the other checkout's code. So each
 * node_modules is made anew: third-party packages are absolute links to the installed ones,
 * relative links (workspace packages, .bin entries) are recreated as written, so they point
 * into the clone, as `npm install` would have made them.
 */
export async function linkInstalledDependencies(from: string, to: string): Promise<void> {
  for (const dir of await workspaceDirs(to)) {
    const source = join(from, dir, 'node_modules');
    if (existsSync(source)) await mirror(source, join(to, dir, 'node_modules'));
  }
}

async function mirror(source: string, target: string): Promise<void> {
  await mkdir(target, { recursive: true });
  for (const name of await readdir(source)) {
    // Build caches (the agent's bundle, Vite's optimizer) belong to the checkout that made them.
    if (name === '.cache' || name === '.vite') continue;
    const path = join(source, name);
    const stat = await lstat(path);
    if (stat.isSymbolicLink()) {
      await symlink(await readlink(path), join(target, name));
    } else if (stat.isDirectory() && (name.startsWith('@') || name === '.bin')) {
      await mirror(path, join(target, name));
    } else {
      await symlink(path, join(target, name));
    }
  }
}

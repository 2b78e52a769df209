import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);

/**
 * A fresh clone installs with `npm ci` (the Dockerfile's first stage does), which refuses a
 * package-lock.json that no longer matches the package.json files. The manifests of this
 * working tree are copied alone into an empty folder, so the check sees uncommitted edits too
 * and never touches this checkout's node_modules; `--dry-run` resolves without downloading.
 */
let dir: string;

async function manifests(): Promise<string[]> {
  const root = JSON.parse(await readFile('package.json', 'utf8')) as { workspaces?: string[] };
  const found = ['package.json', 'package-lock.json'];
  for (const pattern of root.workspaces ?? []) {
    const dirs = pattern.endsWith('/*')
      ? (await readdir(pattern.slice(0, -2), { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => join(pattern.slice(0, -2), e.name))
      : [pattern];
    for (const d of dirs) if ((await readdir(d)).includes('package.json')) found.push(join(d, 'package.json'));
  }
  return found;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ff-lockfile-'));
  for (const file of await manifests()) {
    await mkdir(join(dir, dirname(file)), { recursive: true });
    await copyFile(file, join(dir, file));
  }
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('package-lock.json', () => {
  it('is in step with every package.json, so npm ci on a fresh clone installs', async () => {
    const result = await run('npm', ['ci', '--dry-run', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: dir, maxBuffer: 64 * 1024 * 1024 }).then(
      () => 'installs',
      (error: { stderr?: string }) => (error.stderr ?? String(error)).split('\n').filter((line) => !/^npm error {2,}|^npm error$/.test(line)).slice(0, 12).join('\n'),
    );
    expect(result).toBe('installs');
  }, 120_000);
});

import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

/**
 * The developers' reference folder beside the checkout is absent from a user's clone, a
 * container image and a deployment, so nothing the repository ships may point into it.
 * Built from pieces so that this file does not match itself.
 */
const OUTSIDE_REFERENCE = new RegExp(['\\.\\./', '/plant', '/DESIGN'].map((tail, i) => (i === 0 ? `${tail}shared` : `shared${tail}`)).join('|'));

/** Tracked files plus new ones not yet committed (ignored files such as node_modules stay out). */
async function repositoryFiles(): Promise<string[]> {
  const { stdout } = await run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { maxBuffer: 64 * 1024 * 1024 });
  return [...new Set(stdout.split('\0').filter(Boolean))];
}

describe('the repository is self-contained', () => {
  it('has no file that refers to the shared reference folder outside it', async () => {
    const offenders: string[] = [];
    for (const path of await repositoryFiles()) {
      const text = await readFile(path, 'utf8').catch(() => null);
      // Deleted but still tracked, or binary: nothing a reader or the product would follow.
      if (text === null || text.includes('\0')) continue;
      text.split('\n').forEach((line, index) => {
        if (OUTSIDE_REFERENCE.test(line)) offenders.push(`${path}:${index + 1}: ${line.trim()}`);
      });
    }
    expect(offenders, `these lines point outside the repository:\n${offenders.join('\n')}`).toEqual([]);
  });
});

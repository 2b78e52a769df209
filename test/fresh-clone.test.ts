import { existsSync } from 'node:fs';
import { mkdtemp, readdir, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cloneRepository, linkInstalledDependencies, repositoryRoot } from './support/clone-checkout.ts';
import { oven2Zone1ByMinute, startFirstCommand, type FirstCommand } from './support/first-command.ts';

/**
 * A user's first command in a clone that has nothing beside it: no developers' folder, no
 * data dir, no build. The clone is of HEAD, so this checks what is committed.
 *
 * Dependencies are linked from this checkout instead of installed: a registry install takes
 * about two minutes here, and it is the part of the first command that CI's own fresh clone
 * (`npm install` then `npm test`) already runs. Nothing else comes from outside the clone.
 */
let parent: string;
let clone: string;
let start: FirstCommand | undefined;
let startedInMs = 0;

beforeAll(async () => {
  parent = await realpath(await mkdtemp(join(tmpdir(), 'ff-fresh-clone-')));
  clone = join(parent, 'facilflow');
  await cloneRepository(await repositoryRoot(), clone);
  await linkInstalledDependencies(process.cwd(), clone);
  const began = performance.now();
  // A plant model given by the environment would hide whether the clone finds its own.
  start = await startFirstCommand({ cwd: clone, unset: ['FACILFLOW_PLANT_MODEL', 'FACILFLOW_DATA_DIR'] });
  startedInMs = performance.now() - began;
}, 240_000);

afterAll(async () => {
  await start?.stop();
  if (parent) await rm(parent, { recursive: true, force: true });
});

describe('a fresh clone with nothing beside it', () => {
  it('is alone in its parent folder and starts on its own defaults', async () => {
    expect(await readdir(parent)).toEqual(['facilflow']);
    expect(existsSync(join(clone, '.facilflow', 'demo-api-key'))).toBe(true);
    expect(start!.output()).toMatch(/Demo plant: 43 OPC UA tags/);
    console.log(`[fresh clone] npm start was ready in ${(startedInMs / 1000).toFixed(1)} s`);
  });

  it('streams the demo plant until its data is queryable by SQL', async () => {
    const result = await oven2Zone1ByMinute(start!);
    const [, zone1, n] = result.rows[0] as [string, number, number];
    expect(n).toBeGreaterThan(0);
    expect(zone1).toBeGreaterThan(200);
    expect(zone1).toBeLessThan(220);
  });
});

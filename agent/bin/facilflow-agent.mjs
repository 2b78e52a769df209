#!/usr/bin/env node
// The agent ships as TypeScript and runs it as one bundle made on start (bundle.mjs): tsx's
// loader would compile the same sources module by module on a loader thread, which holds about
// 40 MiB of resident memory for the agent's whole life (measured with 51,000 monitored items:
// 375 MiB against 405 MiB peak). Should the bundle not be writable (read-only install), tsx runs
// the sources as before.
import { setFlagsFromString } from 'node:v8';
import { bundleAgent } from './bundle.mjs';

// Old-generation growth of 1.5× the live heap instead of V8's default (up to 4×): the agent
// allocates steadily (a DataValue per notification, a batch per 1,000 points), and the default
// lets its heap and the Buffers the garbage still holds grow by 100-150 MiB between major
// collections. V8 reads this factor at every collection, so setting it here, at run time, works
// however the bin is started. Measured with 51,000 items at 60,000 notifications/s: peak RSS
// 267 MiB at 0.25 core; 25 % gave a lower steady RSS but 0.41 core and a backlog (bench/README.md).
setFlagsFromString('--heap-growing-percent=50');

const entry = await bundleAgent().catch(() => null);
if (entry) {
  await import(entry);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli.ts');
}

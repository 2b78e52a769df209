#!/usr/bin/env node
// Runs the compiled simulator (dist/); sources changed since the last build are compiled first.
import { ensureBuilt } from '../../../scripts/build/ensure-built.mjs';

await ensureBuilt();
await import('../dist/cli.js');

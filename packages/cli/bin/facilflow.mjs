#!/usr/bin/env node
// Runs the compiled CLI (dist/); sources changed since the last build are compiled first.
import { ensureBuilt } from '../../../scripts/build/ensure-built.mjs';

await ensureBuilt();
await import('../dist/main.js');

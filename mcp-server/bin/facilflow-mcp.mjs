#!/usr/bin/env node
// Runs the compiled MCP server (dist/); sources changed since the last build are compiled first.
// stdout is the protocol's: the build reports nothing there.
import { ensureBuilt } from '../../scripts/build/ensure-built.mjs';

await ensureBuilt();
await import('../dist/main.js');

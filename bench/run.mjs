// `npm run bench -- ingest|query|agent|quality|pipelines|api|batch-format [--quick]`: the benchmarks measure the compiled product
// (built first if stale); only the bench's own TypeScript runs through tsx.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { register } from 'tsx/esm/api';
import { ensureBuilt } from '../scripts/build/ensure-built.mjs';

// A bench is its folder's main.ts, unless it lives beside another bench's files.
const ENTRIES = { 'batch-format': 'ingest/batch-format.ts' };
const NAMES = ['ingest', 'query', 'agent', 'quality', 'pipelines', 'api', ...Object.keys(ENTRIES)];
const [name, ...rest] = process.argv.slice(2);
if (!name || !NAMES.includes(name)) {
  console.error(`usage: npm run bench -- <${NAMES.join('|')}> [--quick]`);
  process.exit(2);
}
const entry = ENTRIES[name] ?? join(name, 'main.ts');
const main = join(dirname(fileURLToPath(import.meta.url)), entry);
if (!existsSync(main)) {
  console.error(`bench/${entry} is missing`);
  process.exit(2);
}
// The bench reads its own flags from process.argv: leave only what follows the name.
process.argv = [process.argv[0], main, ...rest];
await ensureBuilt();
register();
await import(pathToFileURL(main).href);

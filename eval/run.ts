// `npm run eval -- <name> [flags]`: an evaluation is eval/<name>/main.ts, run on the TypeScript sources.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const EVALS = ['jarvis'];
const [name, ...rest] = process.argv.slice(2);
if (!name || !EVALS.includes(name)) {
  console.error(`usage: npm run eval -- <${EVALS.join('|')}> [flags]`);
  process.exit(2);
}
const main = fileURLToPath(new URL(`./${name}/main.ts`, import.meta.url));
if (!existsSync(main)) {
  console.error(`eval/${name}/main.ts is missing`);
  process.exit(2);
}
// The evaluation reads its own flags from process.argv: leave only what follows the name.
process.argv = [process.argv[0]!, main, ...rest];
await import(pathToFileURL(main).href);

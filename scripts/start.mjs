// `npm start`: compiles what changed since the last build, then runs the compiled start script.
import { ensureBuilt } from './build/ensure-built.mjs';

await ensureBuilt();
await import('./dist/start/main.js');

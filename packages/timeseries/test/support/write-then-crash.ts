// Child process for the durability test: writes, reports the resolved write, then dies
// by SIGKILL, without closing anything (no checkpoint, no cleanup runs).
import { createDuckDbStore } from '../../src/index.ts';

const [dir, tenant] = process.argv.slice(2);
const store = createDuckDbStore({ dir: dir!, idleCloseMs: 60_000 });
const points = Array.from({ length: 1000 }, (_, i) => ({ m: 'durable', tags: { run: 'crash' }, f: { n: i }, t: Date.UTC(2025, 0, 1) + i }));
const result = await store.write(tenant!, points);
process.stdout.write(`${JSON.stringify(result)}\n`, () => process.kill(process.pid, 'SIGKILL'));

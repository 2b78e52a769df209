// Child process for the durability test: writes, reports the resolved write, then dies
// by SIGKILL, without closing anything (no checkpoint, no cleanup runs).
import { createDuckDbStore } from '../../src/index.ts';

// An optional third argument `source:seq` (split at the last colon) writes the batch with that key.
const [dir, tenant, key] = process.argv.slice(2);
const store = createDuckDbStore({ dir: dir!, idleCloseMs: 60_000 });
const points = Array.from({ length: 1000 }, (_, i) => ({ m: 'durable', tags: { run: 'crash' }, f: { n: i }, t: Date.UTC(2025, 0, 1) + i }));
const split = key?.lastIndexOf(':') ?? -1;
const batch = key === undefined ? undefined : { source: key.slice(0, split), seq: Number(key.slice(split + 1)) };
const result = await store.write(tenant!, points, batch === undefined ? {} : { batch });
process.stdout.write(`${JSON.stringify(result)}\n`, () => process.kill(process.pid, 'SIGKILL'));

import { createDatabase, DatabaseFailedError, onDatabaseFault, type Database } from '@facilflow/db';
import { induceWasmTrap } from '@facilflow/testkit';
import { afterEach, describe, expect, it } from 'vitest';

const opened: Database[] = [];
const unsubscribes: Array<() => void> = [];
afterEach(async () => {
  for (const unsubscribe of unsubscribes.splice(0)) unsubscribe();
  for (const db of opened.splice(0)) await db.close();
});

async function pglite(): Promise<Database> {
  const db = await createDatabase({ kind: 'pglite', dir: 'memory://' });
  opened.push(db);
  await db.migrate();
  return db;
}

describe('a PGlite WASM trap', () => {
  it('fails the database once, tells the fault listeners, and every later call refuses at once with the same error', async () => {
    const db = await pglite();
    const heard: DatabaseFailedError[] = [];
    unsubscribes.push(onDatabaseFault((failure) => heard.push(failure)));
    await db.ping();

    const rejection = await induceWasmTrap(db);

    expect(rejection).toBeInstanceOf(DatabaseFailedError);
    expect(String(rejection)).toMatch(/embedded PGlite database failed \(RuntimeError: memory access out of bounds\)/);
    expect((rejection as DatabaseFailedError).cause).toBeInstanceOf(WebAssembly.RuntimeError);
    expect(heard).toEqual([rejection]);
    expect(db.failure).toBe(rejection);
    await expect(db.ping()).rejects.toBe(rejection);
    await expect(db.withTenant('t_a', async () => 'never runs')).rejects.toBe(rejection);
    expect(heard).toHaveLength(1);
  });

  it('leaves other databases of the process working', async () => {
    const failed = await pglite();
    const healthy = await pglite();
    await induceWasmTrap(failed);
    await expect(healthy.ping()).resolves.toBeUndefined();
    expect(healthy.failure).toBeUndefined();
  });
});

import { sql, type Database } from '@facilflow/db';

/**
 * A real fault of PGlite's WASM build (0.3.x): parsing a jsonb value nested ~1,500 levels deep
 * overflows Postgres's C stack inside the WASM memory, and the instance traps with
 * `RuntimeError: memory access out of bounds`. After that the instance is dead.
 * Resolves with what the call rejected with; fails if the database survived it.
 */
export async function induceWasmTrap(db: Database): Promise<unknown> {
  let nested: unknown = 1;
  for (let level = 0; level < 1_500; level++) nested = { a: nested };
  const text = JSON.stringify(nested);
  try {
    await db.withSystem('test: induce a PGlite WASM trap', (tx) => tx.execute(sql`select ${text}::jsonb`));
  } catch (error) {
    return error;
  }
  throw new Error('The deeply nested jsonb did not fault PGlite: this PGlite version needs another way to induce a trap');
}

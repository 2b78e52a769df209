/**
 * PGlite is Postgres compiled to WebAssembly. When the WASM code traps (an out-of-bounds
 * access, an `unreachable`, an Emscripten abort) the instance's memory is in an unknown
 * state and every later call fails the same way: the database is dead for this process,
 * not one query. Only a new process (a new instance over the same data directory) recovers.
 */
const DEAD_INSTANCE_MESSAGES = [
  /memory access out of bounds/i,
  /\bunreachable\b/i,
  /^Aborted\(/,
  /null function or function signature mismatch/i,
  /table index is out of bounds/i,
  /indirect call to null/i,
];

/** The WASM trap in the error or its cause chain (drizzle wraps driver errors with the whole query), if any. */
export function findWasmTrap(error: unknown): Error | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && typeof current === 'object' && current !== null; depth++) {
    if (current instanceof WebAssembly.RuntimeError) return current;
    // Some layers re-throw a trap as a plain Error whose text still names it.
    if (current instanceof Error && `${current.name}: ${current.message}`.includes('RuntimeError: ')) {
      const message = current.message;
      if (DEAD_INSTANCE_MESSAGES.some((pattern) => pattern.test(message))) return current;
    }
    current = 'cause' in current ? current.cause : undefined;
  }
  return undefined;
}

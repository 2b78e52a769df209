import { findWasmTrap } from './wasm-fault.ts';

/** What every call of a database answers once its engine has died: the original trap is the cause. */
export class DatabaseFailedError extends Error {
  constructor(readonly database: string, trap: Error) {
    super(
      `The ${database} database failed (${trap.name}: ${trap.message}) and cannot answer any more queries in this process; restart the process to reopen it`,
      { cause: trap },
    );
    this.name = 'DatabaseFailedError';
  }
}

export type DatabaseFaultListener = (error: DatabaseFailedError) => void;

/**
 * Process-wide, because the reaction is process-wide: whoever runs the process (the
 * server's main, `npm start`) decides to exit so a supervisor restarts it. Without a
 * listener (tests, one-shot CLI calls) the database just refuses every call.
 */
const listeners = new Set<DatabaseFaultListener>();

/** Called once per database that fails; returns the unsubscribe. */
export function onDatabaseFault(listener: DatabaseFaultListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * Watches one database's calls. After the first WASM trap it refuses every call with the
 * same DatabaseFailedError, at once, instead of handing each tenant's request a fresh 500.
 */
export function createFaultWatch(database: string): {
  readonly failure: DatabaseFailedError | undefined;
  run<T>(call: () => Promise<T>): Promise<T>;
} {
  let failure: DatabaseFailedError | undefined;
  const fail = (trap: Error): DatabaseFailedError => {
    if (failure) return failure;
    failure = new DatabaseFailedError(database, trap);
    console.error(`[db] FATAL: ${failure.message}`);
    for (const listener of listeners) {
      try {
        listener(failure);
      } catch (error) {
        console.error('[db] a database-fault listener failed:', error);
      }
    }
    return failure;
  };
  return {
    get failure() {
      return failure;
    },
    async run(call) {
      if (failure) throw failure;
      try {
        return await call();
      } catch (error) {
        const trap = findWasmTrap(error);
        throw trap ? fail(trap) : error;
      }
    },
  };
}

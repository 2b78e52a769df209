import { onDatabaseFault } from '@facilflow/platform';

/** Long enough for in-flight requests and the other stores to close; a close that hangs must not keep a dead process up. */
const STOP_DEADLINE_MS = 10_000;

/**
 * A dead database engine (a PGlite WASM trap) does not come back inside this process, so
 * answering every call with an error for ever helps nobody: stop what can be stopped, and
 * exit 1 so the supervisor (systemd, Kubernetes, a shell loop) starts a fresh process.
 */
export function exitOnDatabaseFault(stop: () => Promise<void>): void {
  onDatabaseFault((failure) => {
    console.error(`FacilFlow is exiting (code 1) so that it can be restarted: ${failure.message}`);
    process.exitCode = 1;
    setTimeout(() => process.exit(1), STOP_DEADLINE_MS).unref();
    stop()
      .catch((error: unknown) => console.error('Stopping after the database failure did not finish cleanly:', error))
      .finally(() => process.exit(1));
  });
}

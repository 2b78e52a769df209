/** Names the steps of a stop that have not finished, so a stop past its bound can say what it gave up on. */
export class ShutdownSteps {
  private readonly open = new Map<string, 'running' | 'waiting'>();

  constructor(names: readonly string[] = []) {
    for (const name of names) this.open.set(name, 'waiting');
  }

  async run<T>(name: string, step: () => Promise<T>): Promise<T> {
    this.open.set(name, 'running');
    try {
      return await step();
    } finally {
      this.open.delete(name);
    }
  }

  stillOpen(): string[] {
    return [...this.open].map(([name, state]) => (state === 'running' ? name : `${name} (not reached)`));
  }
}

export interface StopSignalOptions {
  /** FACILFLOW_SHUTDOWN_TIMEOUT_MS. */
  timeoutMs: number;
  /** Resolves once everything is closed; a rejection exits 1. */
  stop(): Promise<void>;
  stillOpen(): readonly string[];
}

/**
 * SIGTERM and SIGINT stop the process: `stop` gets `timeoutMs` to finish what is in flight
 * (exit 0), a failure or a stop past the bound exits 1 naming what was still open, so a
 * supervisor never waits on a hung close. A second signal exits 1 at once.
 */
export function exitOnStopSignals(options: StopSignalOptions): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopping) {
      console.error(`${signal} again: exiting at once (code 1)`);
      process.exit(1);
    }
    stopping = true;
    console.log(`${signal}: stopping — no new connections, finishing what is in flight (at most ${options.timeoutMs} ms)`);
    setTimeout(() => {
      const open = options.stillOpen();
      console.error(
        `Stopping took longer than ${options.timeoutMs} ms (FACILFLOW_SHUTDOWN_TIMEOUT_MS); still open: ${open.length > 0 ? open.join(', ') : 'nothing named'}. Exiting with code 1.`,
      );
      process.exit(1);
    }, options.timeoutMs);
    options.stop().then(
      () => {
        console.log('Stopped.');
        process.exit(0);
      },
      (error: unknown) => {
        console.error('Stopping failed:', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

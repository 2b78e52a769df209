export type RunControlState = 'running' | 'paused' | 'cancelled';

/**
 * The debugging handle of one run in this process: pause (no further stage starts; running ones
 * finish), resume, step (start exactly the next ready stage, then pause again) and cancel. The
 * executor asks `beforeStage` at each stage start; breakpoints pause there the same way.
 */
export class RunControl {
  private paused = false;
  private stepsAllowed = 0;
  private readonly breakpointsPassed = new Set<string>();
  private readonly cancellation = new AbortController();
  private wake: () => void = () => undefined;

  /** Aborted by `cancel`; the executor joins it to the run's signal. */
  get signal(): AbortSignal {
    return this.cancellation.signal;
  }

  get state(): RunControlState {
    if (this.cancellation.signal.aborted) return 'cancelled';
    return this.paused ? 'paused' : 'running';
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    this.stepsAllowed = 0;
    this.wake();
  }

  step(): void {
    this.paused = true;
    this.stepsAllowed += 1;
    this.wake();
  }

  cancel(reason = 'cancelled'): void {
    this.cancellation.abort(new Error(reason));
    this.wake();
  }

  /**
   * Waits until the stage may start. `onPause` is told when the run stops at this stage (once per
   * stop), `onContinue` when it goes on after a stop. Rejects when `signal` aborts.
   */
  async beforeStage(stage: { id: string; breakpoint?: boolean | undefined }, signal: AbortSignal, hooks: { onPause(): Promise<void>; onContinue(): Promise<void> }): Promise<void> {
    if (stage.breakpoint && !this.breakpointsPassed.has(stage.id)) {
      this.breakpointsPassed.add(stage.id);
      this.paused = true;
    }
    let stopped = false;
    while (this.paused && this.stepsAllowed === 0) {
      if (signal.aborted) throw signal.reason;
      if (!stopped) {
        stopped = true;
        await hooks.onPause();
        continue;
      }
      await this.changed(signal);
    }
    if (signal.aborted) throw signal.reason;
    if (this.paused) this.stepsAllowed -= 1;
    if (stopped) await hooks.onContinue();
  }

  private changed(signal: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      const onAbort = (): void => reject(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
      this.wake = () => {
        signal.removeEventListener('abort', onAbort);
        this.wake = () => undefined;
        resolve();
      };
    });
  }
}

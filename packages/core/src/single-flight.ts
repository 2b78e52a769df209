/** Runs `task` at most once at a time: a call while it runs gets that run's promise. */
export function singleFlight(task: () => Promise<void>): { run(): Promise<void>; settled(): Promise<void> } {
  let running: Promise<void> | null = null;
  return {
    run() {
      // Cleared in a later turn, after the assignment: a task with nothing to await would otherwise stay "running" for ever.
      running ??= task().finally(() => {
        running = null;
      });
      return running;
    },
    settled: () => running ?? Promise.resolve(),
  };
}

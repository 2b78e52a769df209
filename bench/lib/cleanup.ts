/**
 * Teardown that runs whatever way the bench ends: normally, on an error, or on Ctrl-C,
 * so no server or temp dir outlives it. Steps run last-registered first.
 */
type Step = { name: string; run: () => void | Promise<void>; sync?: () => void };
const steps: Step[] = [];
let running: Promise<void> | undefined;

let installed = false;

export function onCleanup(name: string, run: () => void | Promise<void>, sync?: () => void): void {
  steps.push({ name, run, ...(sync ? { sync } : {}) });
  // Installed with the first step: child processes that import this module but own nothing keep their default signal handling.
  if (!installed) install();
}

export function cleanup(): Promise<void> {
  running ??= (async () => {
    for (const step of steps.splice(0).reverse()) {
      try {
        await step.run();
      } catch (error) {
        console.error(`cleanup (${step.name}) failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  })();
  return running;
}

function install(): void {
  installed = true;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      console.error(`\n${signal}: stopping`);
      void cleanup().finally(() => process.exit(130));
    });
  }
  // Last resort if the process exits without awaiting cleanup: the synchronous parts (kill children).
  process.once('exit', () => {
    for (const step of steps) step.sync?.();
  });
}

/** Runs the bench body, then the teardown; the exit code says whether it worked. */
export async function runBench(body: () => Promise<void>): Promise<never> {
  let code = 0;
  try {
    await body();
  } catch (error) {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    code = 1;
  }
  await cleanup();
  process.exit(code);
}

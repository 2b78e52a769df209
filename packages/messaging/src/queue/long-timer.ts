import { clearTimeout, setTimeout } from 'node:timers';

// setTimeout fires at once for delays above 2^31-1 ms (~24.8 days), which a yearly cron
// or a long job delay easily exceeds; the timer re-arms until the target instant.
const MAX_TIMEOUT = 2_147_483_647;

export interface Timer {
  cancel(): void;
}

export function runAt(at: number, callback: () => void): Timer {
  let handle: ReturnType<typeof setTimeout>;
  const arm = (): void => {
    const remaining = at - Date.now();
    handle = remaining > MAX_TIMEOUT ? setTimeout(arm, MAX_TIMEOUT) : setTimeout(callback, Math.max(0, remaining));
  };
  arm();
  return { cancel: () => clearTimeout(handle) };
}

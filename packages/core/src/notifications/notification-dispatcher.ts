import type { Services } from '../services.ts';
import { OUTBOX_CHANNEL } from './deliveries-outbox.ts';
import { dispatchDue, type DispatchOptions } from './dispatch-due.ts';
import { runFollowUps } from './run-follow-ups.ts';

export interface NotificationDispatcherOptions extends DispatchOptions {
  /** How often the outbox and the firing alerts are looked at without being told (retries, repeats, escalations, missed announcements). */
  pollMs?: number;
  log?: (message: string, error: unknown) => void;
}

export interface NotificationDispatcher {
  /** One pass now: due follow-ups, then every due delivery. */
  runOnce(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Sends what the outbox holds: polls it, and runs at once when a new entry is announced on the
 * bus. Every claim is a lease in the database, so any number of processes (each worker) may
 * run one; a restarted process resumes whatever is still pending.
 */
export async function startNotificationDispatcher(services: Services, options: NotificationDispatcherOptions = {}): Promise<NotificationDispatcher> {
  const pollMs = options.pollMs ?? 5_000;
  const log = options.log ?? ((message, error) => console.error(`[notifications] ${message}:`, error));
  let closed = false;
  let running: Promise<void> | null = null;
  let again = false;

  const pass = async () => {
    await runFollowUps(services);
    await dispatchDue(services, options);
  };
  // One pass at a time; a request during a pass runs one more right after it.
  const runOnce = (): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        try {
          await pass();
        } catch (error) {
          log('a dispatch pass failed', error);
        }
      } while (again && !closed);
      running = null;
    })();
    return running;
  };

  const unsubscribe = await services.bus.subscribe(OUTBOX_CHANNEL, () => {
    if (!closed) void runOnce();
  });
  const timer = setInterval(() => void runOnce(), pollMs);
  timer.unref();
  void runOnce();
  return {
    runOnce,
    async close() {
      closed = true;
      clearInterval(timer);
      await unsubscribe();
      await running;
    },
  };
}

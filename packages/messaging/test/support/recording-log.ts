import type { MessagingLog } from '../../src/index.ts';
import { Inbox } from './inbox.ts';

export interface LogEntry {
  level: 'warn' | 'error';
  message: string;
  details: Record<string, unknown>;
}

/** A MessagingLog that keeps what was logged, so tests can assert refusals carry their reason. */
export function recordingLog(): MessagingLog & { entries: Inbox<LogEntry> } {
  const entries = new Inbox<LogEntry>();
  return {
    entries,
    warn: (message, details) => entries.push({ level: 'warn', message, details }),
    error: (message, details) => entries.push({ level: 'error', message, details }),
  };
}

import { FacilFlowError } from '@facilflow/contracts';
import { assertTimeZone, DEFAULT_TIME_ZONE, nextCronTime } from './cron.ts';
import type { AddJobOptions, Schedule } from './job-queue.ts';

// BullMQ forbids ":" in queue names and job ids (its key separator) and purely numeric
// custom ids (they collide with its own counters); both adapters apply the same rules.
const QUEUE_NAME = /^[A-Za-z0-9_.-]{1,100}$/;
const ID = /^(?!\d+$)[A-Za-z0-9_.-]{1,200}$/;

/** Finished jobs each queue keeps for getJob and jobId de-duplication. */
export const KEEP_FINISHED_JOBS = 1000;

export function assertQueueName(queue: string): void {
  if (!QUEUE_NAME.test(queue)) throw new FacilFlowError('INVALID', `queue name "${queue}" must be 1-100 of A-Z a-z 0-9 _ . -`);
}

export function assertId(id: string, what: string): void {
  if (!ID.test(id)) throw new FacilFlowError('INVALID', `${what} "${id}" must be 1-200 of A-Z a-z 0-9 _ . - and not only digits`);
}

function assertWholeNumber(value: number | undefined, min: number, what: string): void {
  if (value !== undefined && !(Number.isSafeInteger(value) && value >= min)) {
    throw new FacilFlowError('INVALID', `${what} must be an integer ≥ ${min}`);
  }
}

export interface NormalizedJobOptions {
  jobId: string | undefined;
  delayMs: number;
  attempts: number;
  backoffMs: number;
}

export function normalizeJobOptions(options: AddJobOptions): NormalizedJobOptions {
  if (options.jobId !== undefined) assertId(options.jobId, 'jobId');
  assertWholeNumber(options.delayMs, 0, 'delayMs');
  assertWholeNumber(options.attempts, 1, 'attempts');
  assertWholeNumber(options.backoffMs, 0, 'backoffMs');
  return { jobId: options.jobId, delayMs: options.delayMs ?? 0, attempts: options.attempts ?? 1, backoffMs: options.backoffMs ?? 0 };
}

export function assertConcurrency(concurrency: number): void {
  assertWholeNumber(concurrency, 1, 'concurrency');
}

/** The exponential backoff both adapters apply before retry number `retry` (1-based). */
export function backoffDelay(backoffMs: number, retry: number): number {
  return backoffMs * 2 ** (retry - 1);
}

export type NormalizedSchedule = { cron: string; tz: string } | { everyMs: number };

/** Validates a schedule and fills in the default time zone, so both adapters store the same thing. */
export function normalizeSchedule(when: Schedule): NormalizedSchedule {
  if ('cron' in when) {
    const tz = when.tz ?? DEFAULT_TIME_ZONE;
    assertTimeZone(tz);
    nextCronTime(when.cron, tz, Date.now());
    return { cron: when.cron, tz };
  }
  if (typeof when.everyMs !== 'number') throw new FacilFlowError('INVALID', 'a schedule needs `cron` or `everyMs`');
  assertWholeNumber(when.everyMs, 1, 'everyMs');
  return { everyMs: when.everyMs };
}

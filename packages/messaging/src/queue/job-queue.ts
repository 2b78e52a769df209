/**
 * Durable background work and schedules (pipeline runs, cron triggers, retention).
 * Delivery is at least once: a handler may see a job again after a crash, so handlers
 * must be idempotent. Job data and results are JSON.
 */
export interface JobQueue {
  /**
   * Enqueues a job. With a `jobId`, adding a job whose id the queue still knows
   * (waiting, delayed, active, or among the retained finished jobs) does nothing and
   * returns that id.
   */
  add(queue: string, name: string, data: unknown, options?: AddJobOptions): Promise<{ id: string }>;
  /** Starts handling `queue`'s jobs, at most `concurrency` at a time, until the returned worker is closed. */
  process(queue: string, handler: JobHandler, options: ProcessOptions): Promise<JobWorker>;
  /**
   * Creates or replaces (upsert) the schedule `schedulerId` of `queue`: each firing adds
   * a job `name` with `data`. `everyMs` fires at once and then every period; `cron` fires
   * at the next matching time (5 fields, or 6 with seconds first) in `tz` (default UTC).
   */
  schedule(queue: string, schedulerId: string, when: Schedule, name: string, data: unknown): Promise<void>;
  /** Resolves to false when there was no such schedule. */
  removeSchedule(queue: string, schedulerId: string): Promise<boolean>;
  listSchedules(queue: string): Promise<ScheduleInfo[]>;
  getJob(queue: string, jobId: string): Promise<JobInfo | null>;
  /** Outcomes of the jobs this instance's workers handle; returns the function that stops listening. */
  onJobEvent(listener: (event: JobEvent) => void): () => void;
  /** Aborts running handlers' signals, waits for them to settle, stops timers and connections. */
  close(): Promise<void>;
}

export interface AddJobOptions {
  jobId?: string;
  delayMs?: number;
  /** Total tries including the first (default 1). */
  attempts?: number;
  /** Exponential backoff: the n-th retry waits backoffMs × 2^(n-1) (default 0: retry at once). */
  backoffMs?: number;
}

export interface Job {
  id: string;
  queue: string;
  name: string;
  data: unknown;
  /** 1 on the first try. */
  attempt: number;
  maxAttempts: number;
}

/** `signal` aborts when the worker or the queue closes; a handler should stop and throw. */
export type JobHandler = (job: Job, signal: AbortSignal) => Promise<unknown>;

export interface ProcessOptions {
  concurrency: number;
  /** How often a job a dead worker left active is looked for and handed out again (BullMQ's stalled check; its lock lasts twice this). */
  stalledIntervalMs?: number;
}

export interface JobWorker {
  close(): Promise<void>;
}

export type Schedule = { cron: string; tz?: string } | { everyMs: number };

export interface ScheduleInfo {
  id: string;
  name: string;
  data: unknown;
  when: Schedule;
  /** Next firing (epoch ms), when known. */
  nextAt: number | null;
}

export type JobState = 'waiting' | 'delayed' | 'active' | 'completed' | 'failed';

export interface JobInfo {
  id: string;
  name: string;
  data: unknown;
  state: JobState;
  attemptsMade: number;
  result: unknown;
  error: string | null;
}

export type JobEvent =
  | { type: 'completed'; queue: string; jobId: string; name: string; attemptsMade: number; result: unknown }
  | { type: 'failed'; queue: string; jobId: string; name: string; attemptsMade: number; error: string; willRetry: boolean };

import { FacilFlowError } from '@facilflow/contracts';
import { decodeJson, encodeJson } from '../json.ts';
import { consoleLog, errorMessage, type MessagingLog } from '../log.ts';
import { nextCronTime } from './cron.ts';
import { JobEvents } from './job-events.ts';
import type { JobHandler, JobInfo, JobQueue, JobState, JobWorker, ScheduleInfo } from './job-queue.ts';
import { runAt, type Timer } from './long-timer.ts';
import {
  assertConcurrency,
  assertId,
  assertQueueName,
  backoffDelay,
  KEEP_FINISHED_JOBS,
  normalizeJobOptions,
  normalizeSchedule,
  type NormalizedJobOptions,
  type NormalizedSchedule,
} from './queue-rules.ts';

interface JobRecord {
  id: string;
  name: string;
  /** Kept encoded, as BullMQ keeps it in Redis: every attempt decodes a fresh copy. */
  data: string;
  options: NormalizedJobOptions;
  state: JobState;
  attemptsMade: number;
  result: string | null;
  error: string | null;
  timer: Timer | null;
}

interface Worker {
  handler: JobHandler;
  concurrency: number;
  running: Set<Promise<void>>;
  controller: AbortController;
}

interface ScheduleRecord {
  name: string;
  data: string;
  when: NormalizedSchedule;
  nextAt: number;
  timer: Timer;
}

interface QueueRecord {
  name: string;
  jobs: Map<string, JobRecord>;
  waiting: JobRecord[];
  /** Finished jobs, oldest first, evicted beyond KEEP_FINISHED_JOBS. */
  finished: JobRecord[];
  workers: Set<Worker>;
  schedules: Map<string, ScheduleRecord>;
}

export interface InProcessQueueOptions {
  log?: MessagingLog;
}

/**
 * The single-process default: the JobQueue contract (retries with backoff, delays, jobId
 * de-duplication, cron and interval schedules) in memory. Jobs do not survive a restart;
 * deployments that need that configure Redis and get BullMQ.
 */
export function createInProcessQueue(options: InProcessQueueOptions = {}): JobQueue {
  const log = options.log ?? consoleLog;
  const queues = new Map<string, QueueRecord>();
  const events = new JobEvents(log);
  let nextJobNumber = 1;
  let closed = false;

  function assertOpen(): void {
    if (closed) throw new FacilFlowError('UNAVAILABLE', 'the in-process job queue is closed');
  }

  function queueRecord(name: string): QueueRecord {
    assertQueueName(name);
    let record = queues.get(name);
    if (!record) {
      record = { name, jobs: new Map(), waiting: [], finished: [], workers: new Set(), schedules: new Map() };
      queues.set(name, record);
    }
    return record;
  }

  function makeWaiting(queue: QueueRecord, job: JobRecord): void {
    job.state = 'waiting';
    job.timer = null;
    queue.waiting.push(job);
    pump(queue);
  }

  function delay(queue: QueueRecord, job: JobRecord, ms: number): void {
    if (ms <= 0) return makeWaiting(queue, job);
    job.state = 'delayed';
    job.timer = runAt(Date.now() + ms, () => makeWaiting(queue, job));
  }

  function enqueue(queue: QueueRecord, name: string, data: string, options: NormalizedJobOptions): string {
    const existing = options.jobId === undefined ? undefined : queue.jobs.get(options.jobId);
    if (existing) return existing.id;
    const id = options.jobId ?? String(nextJobNumber++);
    const job: JobRecord = { id, name, data, options, state: 'waiting', attemptsMade: 0, result: null, error: null, timer: null };
    queue.jobs.set(id, job);
    delay(queue, job, options.delayMs);
    return id;
  }

  function finish(queue: QueueRecord, job: JobRecord): void {
    queue.finished.push(job);
    while (queue.finished.length > KEEP_FINISHED_JOBS) {
      const evicted = queue.finished.shift();
      // A jobId re-added after eviction is a new record; only drop the one that aged out.
      if (evicted && queue.jobs.get(evicted.id) === evicted) queue.jobs.delete(evicted.id);
    }
  }

  async function attempt(queue: QueueRecord, worker: Worker, job: JobRecord): Promise<void> {
    const base = { queue: queue.name, jobId: job.id, name: job.name };
    try {
      const result = await worker.handler(
        { id: job.id, queue: queue.name, name: job.name, data: decodeJson(job.data), attempt: job.attemptsMade + 1, maxAttempts: job.options.attempts },
        worker.controller.signal,
      );
      job.result = encodeJson(result ?? null, `result of job ${job.id}`);
      job.attemptsMade += 1;
      job.state = 'completed';
      job.error = null;
      finish(queue, job);
      events.emit({ type: 'completed', ...base, attemptsMade: job.attemptsMade, result: decodeJson(job.result) });
    } catch (error) {
      job.attemptsMade += 1;
      job.error = errorMessage(error);
      const willRetry = job.attemptsMade < job.options.attempts && !closed;
      if (willRetry) {
        delay(queue, job, backoffDelay(job.options.backoffMs, job.attemptsMade));
      } else {
        job.state = 'failed';
        finish(queue, job);
      }
      events.emit({ type: 'failed', ...base, attemptsMade: job.attemptsMade, error: job.error, willRetry });
    }
  }

  function pump(queue: QueueRecord): void {
    for (const worker of queue.workers) {
      while (worker.running.size < worker.concurrency && !worker.controller.signal.aborted) {
        const job = queue.waiting.shift();
        if (!job) return;
        job.state = 'active';
        const run: Promise<void> = attempt(queue, worker, job).finally(() => {
          worker.running.delete(run);
          pump(queue);
        });
        worker.running.add(run);
      }
    }
  }

  async function stopWorker(queue: QueueRecord, worker: Worker): Promise<void> {
    queue.workers.delete(worker);
    worker.controller.abort(new Error('the job worker is closing'));
    await Promise.all(worker.running);
  }

  function fire(queue: QueueRecord, schedulerId: string, schedule: ScheduleRecord): void {
    const at = schedule.nextAt;
    // The same id shape as BullMQ's scheduler jobs: one job per scheduler and instant.
    enqueue(queue, schedule.name, schedule.data, { jobId: `repeat:${schedulerId}:${at}`, delayMs: 0, attempts: 1, backoffMs: 0 });
    schedule.nextAt = 'cron' in schedule.when ? nextCronTime(schedule.when.cron, schedule.when.tz, at) : Math.max(at + schedule.when.everyMs, Date.now());
    schedule.timer = runAt(schedule.nextAt, () => fire(queue, schedulerId, schedule));
  }

  return {
    async add(queueName, name, data, addOptions = {}) {
      assertOpen();
      const queue = queueRecord(queueName);
      const options = normalizeJobOptions(addOptions);
      return { id: enqueue(queue, name, encodeJson(data, `data of job "${name}"`), options) };
    },

    async process(queueName, handler, { concurrency }): Promise<JobWorker> {
      assertOpen();
      assertConcurrency(concurrency);
      const queue = queueRecord(queueName);
      const worker: Worker = { handler, concurrency, running: new Set(), controller: new AbortController() };
      queue.workers.add(worker);
      pump(queue);
      return { close: () => stopWorker(queue, worker) };
    },

    async schedule(queueName, schedulerId, when, name, data) {
      assertOpen();
      const queue = queueRecord(queueName);
      assertId(schedulerId, 'schedulerId');
      const normalized = normalizeSchedule(when);
      const encoded = encodeJson(data, `data of scheduled job "${name}"`);
      const now = Date.now();
      // Like BullMQ: an interval fires at once, a cron expression at its next match.
      const nextAt = 'cron' in normalized ? nextCronTime(normalized.cron, normalized.tz, now) : now;
      queue.schedules.get(schedulerId)?.timer.cancel();
      const schedule: ScheduleRecord = { name, data: encoded, when: normalized, nextAt, timer: runAt(nextAt, () => fire(queue, schedulerId, schedule)) };
      queue.schedules.set(schedulerId, schedule);
    },

    async removeSchedule(queueName, schedulerId) {
      const queue = queueRecord(queueName);
      const schedule = queue.schedules.get(schedulerId);
      if (!schedule) return false;
      schedule.timer.cancel();
      queue.schedules.delete(schedulerId);
      return true;
    },

    async listSchedules(queueName): Promise<ScheduleInfo[]> {
      const queue = queueRecord(queueName);
      return [...queue.schedules].map(([id, s]) => ({ id, name: s.name, data: decodeJson(s.data), when: s.when, nextAt: s.nextAt }));
    },

    async getJob(queueName, jobId): Promise<JobInfo | null> {
      const job = queueRecord(queueName).jobs.get(jobId);
      if (!job) return null;
      return {
        id: job.id,
        name: job.name,
        data: decodeJson(job.data),
        state: job.state,
        attemptsMade: job.attemptsMade,
        result: job.result === null ? null : decodeJson(job.result),
        error: job.error,
      };
    },

    onJobEvent(listener) {
      return events.subscribe(listener);
    },

    async close() {
      if (closed) return;
      closed = true;
      const stopping: Promise<void>[] = [];
      for (const queue of queues.values()) {
        for (const schedule of queue.schedules.values()) schedule.timer.cancel();
        for (const job of queue.jobs.values()) job.timer?.cancel();
        for (const worker of [...queue.workers]) stopping.push(stopWorker(queue, worker));
      }
      await Promise.all(stopping);
    },
  };
}

import { FacilFlowError } from '@facilflow/contracts';
import { Queue, Worker, type Job as BullJob, type JobsOptions } from 'bullmq';
import { encodeJson } from '../json.ts';
import { consoleLog, errorMessage, type MessagingLog } from '../log.ts';
import { closeRedis, connectRedis } from '../redis-connection.ts';
import { DEFAULT_TIME_ZONE } from './cron.ts';
import { JobEvents } from './job-events.ts';
import type { JobInfo, JobQueue, JobState, JobWorker, Schedule, ScheduleInfo } from './job-queue.ts';
import { assertConcurrency, assertId, assertQueueName, KEEP_FINISHED_JOBS, normalizeJobOptions, normalizeSchedule } from './queue-rules.ts';

export interface BullMqQueueOptions {
  url: string;
  /** BullMQ key prefix: deployments (and test runs) sharing a Redis stay apart. */
  prefix: string;
  log?: MessagingLog;
}

const STATES: Record<string, JobState> = {
  waiting: 'waiting',
  prioritized: 'waiting',
  'waiting-children': 'waiting',
  delayed: 'delayed',
  active: 'active',
  completed: 'completed',
  failed: 'failed',
};

/**
 * BullMQ on Redis: jobs survive restarts and are shared by every worker process. One
 * ioredis connection serves the queues; each Worker duplicates it for its blocking reads.
 */
export async function createBullMqQueue(options: BullMqQueueOptions): Promise<JobQueue> {
  const log = options.log ?? consoleLog;
  const { prefix } = options;
  // BullMQ needs maxRetriesPerRequest: null so blocking commands wait out a Redis outage.
  const connection = await connectRedis(options.url, 'job queue', log, { maxRetriesPerRequest: null });
  const queues = new Map<string, Queue>();
  const workers = new Set<{ worker: Worker; controller: AbortController }>();
  const events = new JobEvents(log);
  let closed = false;

  function assertOpen(): void {
    if (closed) throw new FacilFlowError('UNAVAILABLE', 'the BullMQ job queue is closed');
  }

  function queueFor(name: string): Queue {
    assertQueueName(name);
    let queue = queues.get(name);
    if (!queue) {
      queue = new Queue(name, {
        connection,
        prefix,
        defaultJobOptions: { removeOnComplete: { count: KEEP_FINISHED_JOBS }, removeOnFail: { count: KEEP_FINISHED_JOBS } },
      });
      queue.on('error', (error) => log.warn('job queue error', { queue: name, error: errorMessage(error) }));
      queues.set(name, queue);
    }
    return queue;
  }

  function jobId(job: BullJob): string {
    if (job.id === undefined) throw new FacilFlowError('INTERNAL', `BullMQ returned a job "${job.name}" without an id`);
    return job.id;
  }

  return {
    async add(queueName, name, data, addOptions = {}) {
      assertOpen();
      const queue = queueFor(queueName);
      const { jobId: id, delayMs, attempts, backoffMs } = normalizeJobOptions(addOptions);
      encodeJson(data, `data of job "${name}"`);
      const jobOptions: JobsOptions = { delay: delayMs, attempts };
      if (id !== undefined) jobOptions.jobId = id;
      if (backoffMs > 0) jobOptions.backoff = { type: 'exponential', delay: backoffMs };
      return { id: jobId(await queue.add(name, data, jobOptions)) };
    },

    async process(queueName, handler, { concurrency, stalledIntervalMs }): Promise<JobWorker> {
      assertOpen();
      assertQueueName(queueName);
      assertConcurrency(concurrency);
      // BullMQ types its signal as optional; this one, aborted on close, stands in if it is missing.
      const controller = new AbortController();
      // Declaring the third parameter is what makes BullMQ hand a cancellation signal to the processor.
      const worker = new Worker(
        queueName,
        (job: BullJob, _token: string | undefined, signal: AbortSignal | undefined) =>
          handler(
            { id: jobId(job), queue: queueName, name: job.name, data: job.data as unknown, attempt: job.attemptsMade + 1, maxAttempts: job.opts.attempts ?? 1 },
            signal ?? controller.signal,
          ),
        { connection, prefix, concurrency, ...(stalledIntervalMs ? { stalledInterval: stalledIntervalMs, lockDuration: 2 * stalledIntervalMs } : {}) },
      );
      worker.on('completed', (job: BullJob, result: unknown) =>
        events.emit({ type: 'completed', queue: queueName, jobId: jobId(job), name: job.name, attemptsMade: job.attemptsMade, result: result ?? null }),
      );
      worker.on('failed', (job: BullJob | undefined, error: Error) => {
        // Failures without a job (stalled-job bookkeeping) never reached a handler of ours.
        if (!job) return;
        const willRetry = job.attemptsMade < (job.opts.attempts ?? 1);
        events.emit({ type: 'failed', queue: queueName, jobId: jobId(job), name: job.name, attemptsMade: job.attemptsMade, error: error.message, willRetry });
      });
      worker.on('error', (error) => log.warn('job worker error', { queue: queueName, error: errorMessage(error) }));
      await worker.waitUntilReady();
      const entry = { worker, controller };
      workers.add(entry);
      return {
        close: async () => {
          workers.delete(entry);
          await stopWorker(entry);
        },
      };
    },

    async schedule(queueName, schedulerId, when, name, data) {
      assertOpen();
      const queue = queueFor(queueName);
      assertId(schedulerId, 'schedulerId');
      const normalized = normalizeSchedule(when);
      encodeJson(data, `data of scheduled job "${name}"`);
      const repeat = 'cron' in normalized ? { pattern: normalized.cron, tz: normalized.tz } : { every: normalized.everyMs };
      await queue.upsertJobScheduler(schedulerId, repeat, { name, data });
    },

    async removeSchedule(queueName, schedulerId) {
      assertOpen();
      return queueFor(queueName).removeJobScheduler(schedulerId);
    },

    async listSchedules(queueName): Promise<ScheduleInfo[]> {
      assertOpen();
      const schedulers = await queueFor(queueName).getJobSchedulers(0, -1, true);
      return schedulers.map((s) => {
        const when: Schedule = s.pattern ? { cron: s.pattern, tz: s.tz ?? DEFAULT_TIME_ZONE } : { everyMs: s.every ?? 0 };
        return { id: s.key, name: s.name, data: (s.template?.data as unknown) ?? null, when, nextAt: s.next ?? null };
      });
    },

    async getJob(queueName, id): Promise<JobInfo | null> {
      assertOpen();
      const job = (await queueFor(queueName).getJob(id)) as BullJob | undefined;
      if (!job) return null;
      const state = STATES[await job.getState()];
      if (!state) return null;
      return {
        id: jobId(job),
        name: job.name,
        data: job.data as unknown,
        state,
        attemptsMade: job.attemptsMade,
        result: state === 'completed' ? ((job.returnvalue as unknown) ?? null) : null,
        error: state === 'completed' ? null : job.failedReason || null,
      };
    },

    onJobEvent(listener) {
      return events.subscribe(listener);
    },

    async close() {
      if (closed) return;
      closed = true;
      await Promise.all([...workers].map(stopWorker));
      workers.clear();
      await Promise.all([...queues.values()].map((queue) => queue.close()));
      await closeRedis(connection);
    },
  };
}

/** Aborts the running handlers' signals, then lets BullMQ wait for them to settle. */
async function stopWorker({ worker, controller }: { worker: Worker; controller: AbortController }): Promise<void> {
  controller.abort(new Error('the job worker is closing'));
  worker.cancelAllJobs('the job worker is closing');
  await worker.close();
}

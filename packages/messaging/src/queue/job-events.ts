import { errorMessage, type MessagingLog } from '../log.ts';
import type { JobEvent } from './job-queue.ts';

/** The job events of one queue backend: a listener that throws is logged and never stops the others or the job. */
export class JobEvents {
  private readonly listeners = new Set<(event: JobEvent) => void>();

  constructor(private readonly log: MessagingLog) {}

  subscribe(listener: (event: JobEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: JobEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        this.log.error('job event listener failed', { queue: event.queue, jobId: event.jobId, error: errorMessage(error) });
      }
    }
  }
}

import { onNoopStage, preciseNow } from './noop-component.ts';

interface Pending {
  expected: number;
  seen: number;
  firstStart: number;
  lastEnd: number;
  done: (timing: { firstStart: number; lastEnd: number }) => void;
}

/**
 * Collects the no-op stages' reports per run, so a run's trigger can be timed to its first stage
 * and to its last stage's end. Reports may come before the trigger call returns (an in-process
 * worker starts at once), so they are kept per run id until someone waits for them.
 */
export class StageTimings {
  private readonly pending = new Map<string, Pending>();
  private readonly early = new Map<string, Array<[number, number]>>();

  constructor() {
    onNoopStage((runId, _stageId, startedAt, endedAt) => this.report(runId, startedAt, endedAt));
  }

  report(runId: string, startedAt: number, endedAt: number): void {
    const waiting = this.pending.get(runId);
    if (!waiting) {
      const kept = this.early.get(runId) ?? [];
      kept.push([startedAt, endedAt]);
      this.early.set(runId, kept);
      return;
    }
    waiting.seen++;
    waiting.firstStart = Math.min(waiting.firstStart, startedAt);
    waiting.lastEnd = Math.max(waiting.lastEnd, endedAt);
    if (waiting.seen === waiting.expected) {
      this.pending.delete(runId);
      waiting.done({ firstStart: waiting.firstStart, lastEnd: waiting.lastEnd });
    }
  }

  /** Resolves once `stages` stages of the run have reported. */
  wait(runId: string, stages: number, timeoutMs: number): Promise<{ firstStart: number; lastEnd: number }> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(runId);
        reject(new Error(`run ${runId}: ${stages} stages did not all run within ${timeoutMs / 1000} s`));
      }, timeoutMs);
      this.pending.set(runId, {
        expected: stages,
        seen: 0,
        firstStart: Number.POSITIVE_INFINITY,
        lastEnd: 0,
        done: (timing) => {
          clearTimeout(timer);
          resolve(timing);
        },
      });
      const kept = this.early.get(runId) ?? [];
      this.early.delete(runId);
      for (const [startedAt, endedAt] of kept) this.report(runId, startedAt, endedAt);
    });
  }

  close(): void {
    onNoopStage(null);
  }
}

export { preciseNow };

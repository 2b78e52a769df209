import type { RunRecorder, StepRecord } from '@facilflow/pipelines';
import type { Services } from '../services.ts';
import { pipelineRunsChannel } from './run-channels.ts';
import { recordTenantEvent } from '../notifications/webhooks/record-tenant-event.ts';

/** The run statuses outgoing webhooks hear of: the end of a run, good or bad. */
const RUN_EVENTS: Partial<Record<string, 'run.finished' | 'run.failed'>> = { succeeded: 'run.finished', cancelled: 'run.finished', failed: 'run.failed', timed_out: 'run.failed' };

/**
 * The run recorder that also tells live views: every run status and step attempt, once it is
 * recorded, goes out on the tenant's runs channel. Delivery is best effort (the bus is at most
 * once); the record in the database is what counts.
 *
 * `skipReused` leaves out steps a resumed run took from its own kept outputs: their record from
 * the first worker stays as it was. Once `stillHeld` turns false the run belongs to another
 * worker, and every write is dropped: that worker records the run from then on.
 */
export function liveRunRecorder(services: Services, tenantId: string, pipelineId: string, inner: RunRecorder, options: { skipReused: boolean; stillHeld: () => boolean }): RunRecorder {
  const channel = pipelineRunsChannel(tenantId);
  // Not awaited: a live view's message is best effort, and a bus round trip per step would stand between every two stages.
  const tell = (message: Record<string, unknown>): void => void services.bus.publish(channel, { pipelineId, ...message }).catch(() => undefined);
  const { stillHeld } = options;
  const withOutput = inner.stepWithOutput?.bind(inner);
  return {
    async runStatus(runId, status, facts) {
      if (!stillHeld()) return;
      await inner.runStatus(runId, status, facts);
      tell({ type: 'pipeline:status', runId, status, at: facts.at.toISOString(), error: facts.error ?? null });
      const event = RUN_EVENTS[status];
      if (event) {
        await recordTenantEvent(services, tenantId, event, `Pipeline run ${runId} ${status}`, { pipelineId, runId, status, at: facts.at.toISOString(), error: facts.error ?? null });
      }
    },
    async step(record) {
      if (!stillHeld() || (options.skipReused && record.reused)) return;
      await inner.step(record);
      tellStep(record);
    },
    ...(withOutput
      ? {
          async stepWithOutput(record: StepRecord, output: Parameters<RunRecorder['keepOutput']>[2]) {
            if (!stillHeld()) return false;
            const kept = await withOutput(record, output);
            tellStep(record);
            return kept;
          },
        }
      : {}),
    keepOutput: async (runId, stageId, output) => stillHeld() && inner.keepOutput(runId, stageId, output),
    keptOutput: (runId, stageId) => inner.keptOutput(runId, stageId),
  };

  function tellStep(record: StepRecord): void {
    tell({
      type: 'pipeline:step',
      runId: record.runId,
      stageId: record.stageId,
      attempt: record.attempt,
      status: record.status,
      rowsIn: record.rowsIn,
      rowsOut: record.rowsOut,
      error: record.error,
    });
  }
}

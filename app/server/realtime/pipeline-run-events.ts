import { pipelineRunEventSchema, type PipelineMetricsEvent } from '@facilflow/contracts';

/** What a relay emits for one bus message: Socket.IO events by name. */
export interface LiveEvent {
  event: string;
  payload: unknown;
}

const FINISHED = new Set(['succeeded', 'failed', 'cancelled', 'timed_out', 'skipped']);

function durationMs(startedAt: string | null | undefined, endedAt: string | null | undefined): number | null {
  if (!startedAt || !endedAt) return null;
  const ms = Date.parse(endedAt) - Date.parse(startedAt);
  return Number.isFinite(ms) ? ms : null;
}

/**
 * The `/pipelines` events of one message on a tenant's runs channel: `pipeline:status` and
 * `pipeline:step` as the worker published them, and with a step's finished attempt its
 * `pipeline:metrics`. A message of another shape is dropped, not forwarded.
 */
export function pipelineRunLiveEvents(message: unknown): LiveEvent[] {
  const parsed = pipelineRunEventSchema.safeParse(message);
  if (!parsed.success) return [];
  const event = parsed.data;
  if (event.type === 'pipeline:status') return [{ event: event.type, payload: event }];
  const events: LiveEvent[] = [{ event: event.type, payload: event }];
  if (FINISHED.has(event.status)) {
    const metrics: PipelineMetricsEvent = {
      pipelineId: event.pipelineId,
      runId: event.runId,
      stageId: event.stageId,
      attempt: event.attempt,
      status: event.status,
      rowsIn: event.rowsIn,
      rowsOut: event.rowsOut,
      durationMs: durationMs(event.startedAt, event.endedAt),
    };
    events.push({ event: 'pipeline:metrics', payload: metrics });
  }
  return events;
}

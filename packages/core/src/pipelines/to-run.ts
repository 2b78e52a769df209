import type { PipelineStep, RunRecord, RunStatus, RunTriggerKind, StepError, StepStatus } from '@facilflow/contracts';
import type { schema } from '@facilflow/db';

export type RunRow = typeof schema.pipelineRuns.$inferSelect;
export type StepRow = typeof schema.pipelineSteps.$inferSelect;

const iso = (at: Date | null) => (at ? at.toISOString() : null);

export function toRunRecord(row: RunRow, pipelineName: string): RunRecord {
  return {
    id: row.id,
    pipelineId: row.pipelineId,
    pipelineName,
    version: row.version,
    status: row.status as RunStatus,
    trigger: row.trigger as RunTriggerKind,
    rangeFrom: iso(row.rangeFrom),
    rangeTo: iso(row.rangeTo),
    params: row.params as RunRecord['params'],
    replayOf: row.replayOfRunId && row.replayFromStage ? { runId: row.replayOfRunId, fromStage: row.replayFromStage } : null,
    error: (row.error as StepError | null) ?? null,
    triggeredBy: row.triggeredBy,
    createdAt: row.createdAt.toISOString(),
    startedAt: iso(row.startedAt),
    endedAt: iso(row.endedAt),
  };
}

export function toStep(row: StepRow): PipelineStep {
  return {
    runId: row.runId,
    stageId: row.stageId,
    attempt: row.attempt,
    status: row.status as StepStatus,
    rowsIn: row.rowsIn,
    rowsOut: row.rowsOut,
    inputSample: row.inputSample as PipelineStep['inputSample'],
    outputSample: row.outputSample as PipelineStep['outputSample'],
    error: (row.error as StepError | null) ?? null,
    startedAt: iso(row.startedAt),
    endedAt: iso(row.endedAt),
    durationMs: row.durationMs,
  };
}

import type { AlertCondition } from '@facilflow/contracts';

type PipelineEvent = Extract<AlertCondition, { kind: 'pipelineEvent' }>;

const SEVERITY_RANK = { info: 0, warning: 1, critical: 2 } as const;

/** What `sink.event` publishes per event: its severity, title and key, and the row's columns. */
export interface PipelineEventFacts {
  pipelineId: string;
  key: string;
  severity: string;
  title: string;
}

/** Whether an event raised by a pipeline is one the rule watches: its pipeline, its key, severe enough. */
export function pipelineEventMatches(condition: PipelineEvent, event: PipelineEventFacts): boolean {
  if (condition.pipelineId !== undefined && condition.pipelineId !== event.pipelineId) return false;
  if (condition.key !== undefined && condition.key !== event.key) return false;
  const rank = SEVERITY_RANK[event.severity as keyof typeof SEVERITY_RANK] ?? SEVERITY_RANK.info;
  return rank >= SEVERITY_RANK[condition.minSeverity];
}

/** Whether a pipeline event alert has gone quiet long enough to resolve. */
export function pipelineEventQuiet(condition: PipelineEvent, lastEventMs: number, nowMs: number): boolean {
  return nowMs - lastEventMs >= condition.resolveAfterSeconds * 1000;
}

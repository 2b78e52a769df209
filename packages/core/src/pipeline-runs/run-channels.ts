/** Where an operator's cancel, pause, resume and step reach the worker running the run, whichever process it is in. */
export const pipelineControlChannel = (tenantId: string) => `tenant:${tenantId}:pipeline-control`;

/** Where run and step status go out for live views (the web app's `/pipelines` namespace relays them). */
export const pipelineRunsChannel = (tenantId: string) => `tenant:${tenantId}:pipeline-runs`;

export const RUN_CONTROL_ACTIONS = ['cancel', 'pause', 'resume', 'step'] as const;
export type RunControlAction = (typeof RUN_CONTROL_ACTIONS)[number];

export interface RunControlMessage {
  runId: string;
  action: RunControlAction;
}

export function isRunControlMessage(message: unknown): message is RunControlMessage {
  if (typeof message !== 'object' || message === null) return false;
  const { runId, action } = message as Record<string, unknown>;
  return typeof runId === 'string' && typeof action === 'string' && (RUN_CONTROL_ACTIONS as readonly string[]).includes(action);
}

// The composition root: the one package that wires stores, brokers and identity from the
// configuration. Fronts (app, mcp-server, cli, npm start) build a platform here and reach
// data through @facilflow/operations; they never import core or an adapter themselves, so
// the few adapter entry points a front needs to start a process are passed through here.
export * from './create-platform.ts';
export * from './readiness-checks.ts';
export type { EdgeMessaging, TelemetryHandler } from './create-agent-control.ts';
export * from './backup/index.ts';
export type { TelemetryObserver } from '@facilflow/core';
export { processPipelineRuns, type PipelineRunWorker, type ProcessPipelineRunsOptions } from '@facilflow/core';
export { alertLiveEvents, startNotificationDispatcher, type NotificationDispatcher, type NotificationDispatcherOptions } from '@facilflow/core';
export { startPipelineSchedules, type PipelineSchedulesOptions, type RunningPipelineSchedules } from '@facilflow/core';
export { startGovernanceSweeps, type GovernanceSweeps, type GovernanceSweepsOptions } from '@facilflow/core';
export {
  attachIngest,
  consoleIngestLog,
  standardObservers,
  startTelemetryConsumers,
  STANDARD_CONSUMER_NAMES,
  type AttachedIngest,
  type AttachIngestOptions,
  type IngestLog,
  type RunningTelemetryConsumers,
} from '@facilflow/ingest';
export { onDatabaseFault } from '@facilflow/db/client';
export { createAuthEmulatorClient, reclaimOrphanEmulator, startAuthEmulator } from '@facilflow/auth/firebase';

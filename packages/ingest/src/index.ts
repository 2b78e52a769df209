export { createIngest, type Ingest, type IngestOptions, type IngestStats } from './create-ingest.ts';
export { attachIngest, type AttachedIngest, type AttachIngestOptions, type IngestHost } from './attach-ingest.ts';
export { consoleIngestLog, type IngestLog } from './log.ts';
export { standardObservers } from './standard-observers.ts';
export { STANDARD_CONSUMER_NAMES, startTelemetryConsumers, type RunningTelemetryConsumers, type TelemetryConsumersOptions } from './telemetry-consumers.ts';
export type { UndeliverableCount } from './undeliverable-counter.ts';

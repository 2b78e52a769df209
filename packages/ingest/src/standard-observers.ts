import { createLineageRecorder, createQualityMonitor, type Services, type TelemetryObserver } from '@facilflow/core';
import { errorMessage, type IngestLog } from './log.ts';

/**
 * What runs after every durable write unless a caller chooses otherwise: the data-quality
 * checks and the lineage capture. Alert rules and pipelines join them in their own issues.
 */
export function standardObservers(services: Services, log: IngestLog): TelemetryObserver[] {
  const report = (component: string) => (message: string, error?: unknown) =>
    log.error(message, { component, ...(error === undefined ? {} : { error: errorMessage(error) }) });
  return [createQualityMonitor({ services, log: report('quality') }), createLineageRecorder({ services, log: report('lineage') })];
}

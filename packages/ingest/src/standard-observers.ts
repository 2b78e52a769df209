import { createLineageRecorder, createQualityMonitor, type Services, type TelemetryObserver } from '@facilflow/core';
import { errorMessage, type IngestLog } from './log.ts';

/**
 * The consumers every deployment runs on the written-telemetry stream: the data-quality
 * checks and the lineage capture. Alert rules and pipelines join them in their own issues.
 * Each checkpoint writes what the consumer holds (quality: issues and scores; lineage: nodes
 * and edges), so the stream's position never runs ahead of what is stored.
 */
export function standardObservers(services: Services, log: IngestLog): TelemetryObserver[] {
  const report = (component: string) => (message: string, error?: unknown) =>
    log.error(message, { component, ...(error === undefined ? {} : { error: errorMessage(error) }) });
  const quality = createQualityMonitor({ services, log: report('quality') });
  const lineage = createLineageRecorder({ services, log: report('lineage') });
  return [
    { name: quality.name, observe: (batch) => quality.observe(batch), checkpoint: () => quality.tick(), close: () => quality.close() },
    { name: lineage.name, observe: (batch) => lineage.observe(batch), checkpoint: () => lineage.flush(), close: () => lineage.close() },
  ];
}

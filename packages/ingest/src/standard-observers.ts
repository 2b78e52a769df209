import { createAlertEngine, createLineageRecorder, createQualityMonitor, createStreamPipelines, type Services, type TelemetryObserver } from '@facilflow/core';
import { errorMessage, type IngestLog } from './log.ts';

/**
 * The consumers every deployment runs on the written-telemetry stream: the data-quality
 * checks, the lineage capture, the tenants' stream pipelines and the alert rules.
 * Each checkpoint writes what the consumer holds (quality: issues and scores; lineage: nodes
 * and edges; pipelines: each stream pipeline's state; alerts store each transition as it happens), so the stream's position never runs ahead of what is stored.
 */
export function standardObservers(services: Services, log: IngestLog): TelemetryObserver[] {
  const report = (component: string) => (message: string, error?: unknown) =>
    log.error(message, { component, ...(error === undefined ? {} : { error: errorMessage(error) }) });
  const quality = createQualityMonitor({ services, log: report('quality') });
  const lineage = createLineageRecorder({ services, log: report('lineage') });
  const pipelines = createStreamPipelines({ services, log: report('pipelines') });
  const alerts = createAlertEngine({ services, log: report('alerts') });
  return [
    { name: quality.name, observe: (batch) => quality.observe(batch), checkpoint: () => quality.tick(), close: () => quality.close() },
    { name: lineage.name, observe: (batch) => lineage.observe(batch), checkpoint: () => lineage.flush(), close: () => lineage.close() },
    pipelines,
    { name: alerts.name, observe: (batch) => alerts.observe(batch), checkpoint: () => alerts.settled(), close: () => alerts.close() },
  ];
}

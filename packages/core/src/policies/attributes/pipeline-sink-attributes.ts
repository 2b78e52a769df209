import type { PolicyAttributes, TenantScope } from '@facilflow/contracts';
import { and, eq, schema } from '@facilflow/db';
import { timeSeriesWriteSink } from '@facilflow/pipelines';
import type { Services } from '../../services.ts';
import { latestMeasurementLabels } from './measurement-labels.ts';

/** The measurements a spec's sinks write to, read from its stages even when the draft does not validate. */
export function sinkMeasurementsOf(spec: unknown): string[] {
  const stages = spec && typeof spec === 'object' ? (spec as { stages?: unknown }).stages : undefined;
  if (!Array.isArray(stages)) return [];
  const measurements = new Set<string>();
  for (const stage of stages as unknown[]) {
    if (!stage || typeof stage !== 'object') continue;
    const { use, with: config } = stage as { use?: unknown; with?: unknown };
    const measurement = config && typeof config === 'object' ? (config as { measurement?: unknown }).measurement : undefined;
    if (use === timeSeriesWriteSink.name && typeof measurement === 'string') measurements.add(measurement);
  }
  return [...measurements].sort();
}

/**
 * Where a pipeline writes: the measurements of its time-series sinks and their schema labels.
 * `draft` is what publishing would make a version of; `latest` what starting or running runs.
 * An unknown pipeline has no attributes (the operation itself answers NOT_FOUND).
 */
export async function pipelineSinkAttributes(services: Services, scope: TenantScope, pipelineId: string, spec: 'draft' | 'latest'): Promise<PolicyAttributes> {
  return services.db.withTenant(scope.tenantId, async (tx) => {
    const [pipeline] = await tx.select().from(schema.pipelines).where(eq(schema.pipelines.id, pipelineId)).limit(1);
    if (!pipeline) return {};
    let written: unknown = pipeline.draftSpec;
    if (spec === 'latest') {
      if (pipeline.latestVersion === null) return {};
      const v = schema.pipelineVersions;
      const [version] = await tx.select({ spec: v.spec }).from(v).where(and(eq(v.pipelineId, pipelineId), eq(v.version, pipeline.latestVersion))).limit(1);
      written = version?.spec;
    }
    const measurements = sinkMeasurementsOf(written);
    return { 'pipeline.sinkMeasurements': measurements, 'pipeline.sinkMeasurementLabels': await latestMeasurementLabels(tx, measurements) };
  });
}

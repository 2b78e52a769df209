import type { TelemetryConsumerLag, TenantScope } from '@facilflow/contracts';
import type { Services } from '../services.ts';

/** How far each consumer of the written-telemetry stream is behind on this tenant's batches: only its own are counted. */
export async function listTelemetryConsumers(services: Services, scope: TenantScope): Promise<{ stream: 'in-process' | 'redis'; consumers: TelemetryConsumerLag[] }> {
  const lags = await services.writtenTelemetry.tenantLag(scope.tenantId);
  return {
    stream: services.writtenTelemetry.kind,
    consumers: lags.map((lag) => ({
      name: lag.consumer,
      lagBatches: lag.lagBatches,
      lagSeconds: lag.lagSeconds,
      processedBatches: lag.processedBatches,
      skippedBatches: lag.skippedBatches,
      lastProcessedAt: lag.lastProcessedAt?.toISOString() ?? null,
    })),
  };
}

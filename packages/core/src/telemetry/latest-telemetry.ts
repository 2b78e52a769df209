import type { LatestValue } from '@facilflow/timeseries';
import type { TenantScope } from '@facilflow/contracts';
import type { Services } from '../services.ts';

export function latestTelemetry(
  services: Services,
  scope: TenantScope,
  input: { measurement?: string | undefined; where?: Record<string, string> | undefined },
  signal?: AbortSignal,
): Promise<LatestValue[]> {
  return services.timeseries.latest(
    scope.tenantId,
    {
      ...(input.measurement ? { measurement: input.measurement } : {}),
      ...(input.where ? { where: input.where } : {}),
    },
    signal ? { signal } : {},
  );
}

import type { LatestValue } from '@facilflow/timeseries';
import type { TenantScope, WithheldField } from '@facilflow/contracts';
import type { Services } from '../services.ts';
import { withheldFieldsFor, withholdingEntry } from '../governance/withheld-fields.ts';

/** The latest values, less the fields the caller's role may not see (data classification), which `withheld` names. */
export async function latestTelemetry(
  services: Services,
  scope: TenantScope,
  input: { measurement?: string | undefined; where?: Record<string, string> | undefined },
  signal?: AbortSignal,
): Promise<{ values: LatestValue[]; withheld?: WithheldField[] }> {
  const [withheld, values] = await Promise.all([
    withheldFieldsFor(services, scope),
    services.timeseries.latest(
      scope.tenantId,
      {
        ...(input.measurement ? { measurement: input.measurement } : {}),
        ...(input.where ? { where: input.where } : {}),
      },
      signal ? { signal } : {},
    ),
  ]);
  if (withheld.length === 0) return { values };
  const omitted = new Map<string, WithheldField>();
  const visible = values.filter((value) => {
    const entry = withholdingEntry(withheld, value.measurement, value.field);
    if (entry !== undefined) omitted.set(`${value.measurement}.${value.field}`, { ...entry, measurement: value.measurement, field: value.field });
    return entry === undefined;
  });
  return { values: visible, withheld: [...omitted.values()] };
}

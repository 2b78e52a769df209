import type { TenantScope } from '@facilflow/contracts';
import { createPipeline, listRuns, publishPipeline, startPipeline, type Services } from '@facilflow/core';
import type { TestPlatform } from '@facilflow/testkit';
import { testEngine, validSpec } from '../pipelines/test-catalog.ts';

/** The platform's services on a clock the test sets: what the scheduler reads as now, and what records are stamped with. */
export function clockedServices(t: TestPlatform, start: number): { services: Services; setClock(at: number): void } {
  let clock = start;
  const services: Services = { ...t.platform.services, pipelineEngine: testEngine, now: () => new Date(clock) };
  return { services, setClock: (at) => (clock = at) };
}

export async function ownerScope(t: TestPlatform, name: string): Promise<TenantScope> {
  const tenant = await t.createTenant(name);
  return { tenantId: tenant.tenantId, actor: tenant.ownerPrincipal.actor, role: 'owner' };
}

/** A test-catalog pipeline with one cron trigger after a manual one, published and started: its id and its schedule's id. */
export async function scheduledPipeline(
  services: Services,
  scope: TenantScope,
  cron: { expression: string; timezone?: string; misfire?: { policy: 'skip' | 'once' | 'all'; maxCatchUp: number } },
): Promise<{ pipelineId: string; scheduleId: string }> {
  const spec = { ...validSpec(`scheduled ${Math.random().toString(36).slice(2, 8)}`), triggers: [{ type: 'manual' }, { type: 'cron', ...cron }] };
  const pipelineId = (await createPipeline(services, scope, { spec })).pipeline.id;
  await publishPipeline(services, scope, { id: pipelineId });
  await startPipeline(services, scope, { id: pipelineId });
  return { pipelineId, scheduleId: `${scope.tenantId}.${pipelineId}.1` };
}

/** The pipeline's cron runs, oldest first, as [range from, range to] in ISO 8601. */
export async function cronRanges(services: Services, scope: TenantScope, pipelineId: string): Promise<Array<[string | null, string | null]>> {
  const { items } = await listRuns(services, scope, { pipelineId, limit: 200 });
  return items
    .filter((run) => run.trigger === 'cron')
    .map((run): [string | null, string | null] => [run.rangeFrom, run.rangeTo])
    .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
}

export const iso = (at: number) => new Date(at).toISOString();

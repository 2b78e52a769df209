import type { TenantScope } from '@facilflow/contracts';
import { claimNextRun, queueRun, registerWorker, type Services } from '@facilflow/core';

/** A registered worker, as a run worker registers itself; nothing heartbeats it. */
export async function seedWorker(services: Services, id = `worker-seed-${Math.random().toString(36).slice(2, 10)}`): Promise<string> {
  await registerWorker(services, { id, cluster: 'default', capacity: 2, labels: { site: 'seed' }, version: '0.1.0', host: 'seed-host', pid: 1, heartbeatIntervalMs: 60_000 });
  return id;
}

/** A worker holding one of the tenant's runs, claimed the way a run worker claims it. */
export async function seedHeldRun(services: Services, tenantId: string, pipelineId: string): Promise<{ workerId: string; runId: string }> {
  const scope: TenantScope = { tenantId, actor: { type: 'system', name: 'test-seed' }, role: 'service' };
  const workerId = await seedWorker(services);
  const queued = await queueRun(services, scope, { pipelineId, trigger: 'manual' });
  const claimed = await claimNextRun(services, { workerId, cluster: 'default', labels: { site: 'seed' } }, 3_600_000);
  if (claimed?.id !== queued.id) throw new Error('the seeded worker claimed another run than the one queued for it');
  return { workerId, runId: queued.id };
}

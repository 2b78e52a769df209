import type { PipelineVersionInfo, TenantScope } from '@facilflow/contracts';
import type { Services } from '../services.ts';
import { findPipelineRow, listVersionRows } from './find-pipeline.ts';
import { toVersionInfo } from './to-pipeline.ts';

/** Every published version, newest first. */
export async function listPipelineVersions(services: Services, scope: TenantScope, input: { id: string }): Promise<{ versions: PipelineVersionInfo[] }> {
  return services.db.withTenant(scope.tenantId, async (tx) => {
    await findPipelineRow(tx, input.id);
    return { versions: (await listVersionRows(tx, input.id)).map(toVersionInfo) };
  });
}

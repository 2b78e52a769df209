import { pipelineSpecSchema } from '@facilflow/contracts';
import type { SubPipelineResolver } from '@facilflow/pipelines';
import { findPipelineRow, findVersionRow } from '../pipelines/find-pipeline.ts';
import type { Services } from '../services.ts';

/** Sub-pipelines by id and published version, looked up inside the run's tenant only. */
export function tenantSubPipelines(services: Services, tenantId: string): SubPipelineResolver {
  return {
    async resolve(ref, signal) {
      signal.throwIfAborted();
      // The executor asks with the run's own tenant; any other answers nothing.
      if (ref.tenantId !== tenantId) return null;
      return services.db.withTenant(tenantId, async (tx) => {
        const pipeline = await findPipelineRow(tx, ref.pipelineId).catch(() => null);
        if (!pipeline) return null;
        const version = ref.version === 'latest' ? pipeline.latestVersion : ref.version;
        if (version === null) return null;
        const row = await findVersionRow(tx, pipeline.id, version).catch(() => null);
        return row ? { spec: pipelineSpecSchema.parse(row.spec), version } : null;
      });
    },
  };
}

import type { PipelineProblem, PipelineRecord, PipelineVersion, PipelineVersionInfo, TenantScope } from '@facilflow/contracts';
import type { Services } from '../services.ts';
import { findPipelineRow, findVersionRow, listVersionRows } from './find-pipeline.ts';
import { pipelineEngineOf } from './pipeline-engine.ts';
import { toPipelineRecord, toVersion, toVersionInfo } from './to-pipeline.ts';

export interface PipelineDetail {
  pipeline: PipelineRecord;
  problems: PipelineProblem[];
  versions: PipelineVersionInfo[];
  published: PipelineVersion | null;
}

/** The draft with its problems, every version, and the spec of the version asked for (the latest by default). */
export async function getPipeline(services: Services, scope: TenantScope, input: { id: string; version?: number | undefined }): Promise<PipelineDetail> {
  return services.db.withTenant(scope.tenantId, async (tx) => {
    const row = await findPipelineRow(tx, input.id);
    const versions = await listVersionRows(tx, input.id);
    const wanted = input.version ?? row.latestVersion;
    const published = wanted === null ? null : (versions.find((v) => v.version === wanted) ?? (await findVersionRow(tx, input.id, wanted)));
    return {
      pipeline: toPipelineRecord(row),
      problems: pipelineEngineOf(services).validate(row.draftSpec).problems,
      versions: versions.map(toVersionInfo),
      published: published ? toVersion(published) : null,
    };
  });
}

import { isDeepStrictEqual } from 'node:util';
import { FacilFlowError, type PipelineRecord, type PipelineVersionInfo, type TenantScope } from '@facilflow/contracts';
import type { Services } from '../services.ts';
import { findEditablePipelineRow, findVersionRow } from './find-pipeline.ts';
import { insertVersion } from './insert-version.ts';
import { pipelineEngineOf } from './pipeline-engine.ts';
import { toPipelineRecord, toVersionInfo } from './to-pipeline.ts';
import { announcePipelineChange } from './announce-pipeline-change.ts';

/**
 * Publishes the draft as the next immutable version, with its defaults applied. Refused with
 * INVALID and every problem when it does not validate; the same spec as the latest version
 * again makes no version (`published: false`).
 */
export async function publishPipeline(
  services: Services,
  scope: TenantScope,
  input: { id: string; note?: string | undefined },
): Promise<{ pipeline: PipelineRecord; version: PipelineVersionInfo; published: boolean }> {
  const result = await services.db.withTenant(scope.tenantId, async (tx) => {
    const row = await findEditablePipelineRow(tx, input.id);
    const { spec, problems } = pipelineEngineOf(services).validate(row.draftSpec);
    if (!spec || problems.length > 0) {
      throw new FacilFlowError('INVALID', `The draft of "${row.name}" has ${problems.length} problem(s) and cannot be published: ${problems.map((p) => p.message).join('; ')}`, { problems });
    }
    if (row.latestVersion !== null) {
      const latest = await findVersionRow(tx, row.id, row.latestVersion);
      if (isDeepStrictEqual(latest.spec, spec)) return { pipeline: toPipelineRecord(row), version: toVersionInfo(latest), published: false };
    }
    const written = await insertVersion(services, scope, tx, row, { spec, note: input.note ?? null, copiedFrom: null });
    return { pipeline: toPipelineRecord(written.pipeline), version: toVersionInfo(written.version), published: true };
  });
  if (result.published) await announcePipelineChange(services, scope.tenantId, input.id);
  return result;
}

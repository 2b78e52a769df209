import { FacilFlowError, type PipelineRecord, type PipelineVersionInfo, type TenantScope } from '@facilflow/contracts';
import type { Services } from '../services.ts';
import { findEditablePipelineRow, findVersionRow } from './find-pipeline.ts';
import { insertVersion } from './insert-version.ts';
import { toPipelineRecord, toVersionInfo } from './to-pipeline.ts';
import { announcePipelineChange } from './announce-pipeline-change.ts';

/** Publishes a copy of an older version as the next one, so history only grows and runs keep the version they pinned. */
export async function rollbackPipeline(
  services: Services,
  scope: TenantScope,
  input: { id: string; version: number; note?: string | undefined },
): Promise<{ pipeline: PipelineRecord; version: PipelineVersionInfo }> {
  const result = await services.db.withTenant(scope.tenantId, async (tx) => {
    const row = await findEditablePipelineRow(tx, input.id);
    const older = await findVersionRow(tx, row.id, input.version);
    if (older.version === row.latestVersion) throw new FacilFlowError('CONFLICT', `Version ${older.version} of "${row.name}" is already the latest`);
    const written = await insertVersion(services, scope, tx, row, {
      spec: older.spec as Record<string, unknown>,
      note: input.note ?? `Rollback to version ${older.version}`,
      copiedFrom: older.version,
    });
    return { pipeline: toPipelineRecord(written.pipeline), version: toVersionInfo(written.version) };
  });
  await announcePipelineChange(services, scope.tenantId, input.id);
  return result;
}

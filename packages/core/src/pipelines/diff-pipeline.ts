import type { PipelineDiff, TenantScope } from '@facilflow/contracts';
import { FacilFlowError } from '@facilflow/contracts';
import type { Tx } from '@facilflow/db';
import type { Services } from '../services.ts';
import { diffSpecs } from './diff-specs.ts';
import { findPipelineRow, findVersionRow } from './find-pipeline.ts';
import { pipelineEngineOf } from './pipeline-engine.ts';
import type { PipelineRow } from './to-pipeline.ts';

type Side = number | 'draft';

/** A draft is compared with its defaults applied when it parses, so an omitted default is no change. */
async function specOf(services: Services, tx: Tx, row: PipelineRow, side: Side): Promise<Record<string, unknown>> {
  if (side !== 'draft') return (await findVersionRow(tx, row.id, side)).spec as Record<string, unknown>;
  return (pipelineEngineOf(services).validate(row.draftSpec).spec ?? row.draftSpec) as Record<string, unknown>;
}

/** Two versions, or a version and the draft: by default what the draft changes since the latest version. */
export async function diffPipeline(
  services: Services,
  scope: TenantScope,
  input: { id: string; from?: Side | undefined; to?: Side | undefined },
): Promise<{ diff: PipelineDiff }> {
  return services.db.withTenant(scope.tenantId, async (tx) => {
    const row = await findPipelineRow(tx, input.id);
    const from = input.from ?? row.latestVersion;
    if (from === null) throw new FacilFlowError('CONFLICT', `"${row.name}" has no published version yet: give both sides of the diff`);
    const to = input.to ?? 'draft';
    return { diff: diffSpecs(await specOf(services, tx, row, from), await specOf(services, tx, row, to), { from, to }) };
  });
}

import { FacilFlowError, type PipelineProblem, type TenantScope } from '@facilflow/contracts';
import type { Services } from '../services.ts';
import { findPipelineRow } from './find-pipeline.ts';
import { pipelineEngineOf } from './pipeline-engine.ts';

/** Every problem of a saved draft, or of a spec not saved at all. */
export async function validatePipeline(
  services: Services,
  scope: TenantScope,
  input: { id?: string | undefined; spec?: Record<string, unknown> | undefined },
): Promise<{ valid: boolean; problems: PipelineProblem[] }> {
  if ((input.id === undefined) === (input.spec === undefined)) throw new FacilFlowError('INVALID', 'Give either the id of a pipeline (its draft is checked) or a spec');
  const id = input.id;
  const spec = id === undefined ? input.spec : (await services.db.withTenant(scope.tenantId, (tx) => findPipelineRow(tx, id))).draftSpec;
  const { problems } = pipelineEngineOf(services).validate(spec);
  return { valid: problems.length === 0, problems };
}

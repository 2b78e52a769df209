import { draftSpecSchema, FacilFlowError, type PipelineProblem, type PipelineRecord, type TenantScope } from '@facilflow/contracts';
import { fillTemplate, loadTemplates, resolveTemplateParams, type TemplateValue } from '@facilflow/pipelines';
import { createPipeline } from '../pipelines/create-pipeline.ts';
import { pipelineEngineOf } from '../pipelines/pipeline-engine.ts';
import type { Services } from '../services.ts';

export interface InstantiateTemplateInput {
  template: string;
  name: string;
  params: Readonly<Record<string, TemplateValue>>;
}

/**
 * A new draft pipeline from a template, its params substituted. Refused with INVALID, and no
 * pipeline made, when the params are refused or the spec they make does not validate, so a
 * draft from a template can always be published as it is.
 */
export async function instantiateTemplate(
  services: Services,
  scope: TenantScope,
  input: InstantiateTemplateInput,
): Promise<{ pipeline: PipelineRecord; problems: PipelineProblem[]; webhookSecret: string | null }> {
  const template = (await loadTemplates()).find((candidate) => candidate.id === input.template);
  if (!template) throw new FacilFlowError('NOT_FOUND', `No template "${input.template}": templates.list names them`);
  const { values, problems } = resolveTemplateParams(template, input.params);
  if (problems.length > 0) throw new FacilFlowError('INVALID', `Params of template ${template.id} refused: ${problems.join('; ')}`, { problems });
  const spec = { ...fillTemplate(template, values), name: input.name };
  const specProblems = pipelineEngineOf(services).validate(spec).problems;
  if (specProblems.length > 0) {
    throw new FacilFlowError('INVALID', `Template ${template.id} with these params makes a spec with ${specProblems.length} problem(s): ${specProblems.map((p) => p.message).join('; ')}`, { problems: specProblems });
  }
  return createPipeline(services, scope, { spec: draftSpecSchema.parse(spec) });
}

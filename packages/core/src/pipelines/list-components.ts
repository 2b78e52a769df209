import { FacilFlowError, type ComponentDetail, type ComponentSummary } from '@facilflow/contracts';
import type { ComponentCategory } from '@facilflow/pipelines';
import type { Services } from '../services.ts';
import { pipelineEngineOf } from './pipeline-engine.ts';
import { toComponentDetail, toComponentSummary } from './to-component.ts';

/** The components a stage may `use`, by category and name. */
export function listComponents(services: Services, input: { category?: ComponentCategory | undefined }): { components: ComponentSummary[] } {
  const components = pipelineEngineOf(services)
    .components()
    .filter((component) => !input.category || component.category === input.category)
    .map(toComponentSummary)
    .sort((a, b) => a.name.localeCompare(b.name));
  return { components };
}

export function getComponent(services: Services, input: { name: string }): { component: ComponentDetail } {
  const component = pipelineEngineOf(services)
    .components()
    .find((candidate) => candidate.name === input.name);
  if (!component) throw new FacilFlowError('NOT_FOUND', `No component "${input.name}": components.list names them all`);
  return { component: toComponentDetail(component) };
}

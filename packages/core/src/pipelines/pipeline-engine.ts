import type { PipelineProblem, PipelineSpec } from '@facilflow/contracts';
import { COMPONENTS, type ComponentDefinition } from '@facilflow/pipelines';
import type { Services } from '../services.ts';
import { validatePipelineSpec } from '@facilflow/pipelines/spec';

/** What checking a spec tells: the spec with its defaults applied when it has no problem, and every problem found. */
export interface SpecValidation {
  spec: PipelineSpec | null;
  problems: PipelineProblem[];
}

/** What the pipeline functions need of the engine in packages/pipelines: its validator and its component catalog. */
export interface PipelineEngine {
  validate(spec: unknown): SpecValidation;
  components(): readonly ComponentDefinition[];
}

export function catalogPipelineEngine(catalog: readonly ComponentDefinition[]): PipelineEngine {
  return {
    validate: (spec) => {
      const { spec: checked, problems } = validatePipelineSpec(spec, { components: catalog });
      return { spec: checked ?? null, problems };
    },
    components: () => catalog,
  };
}

const libraryEngine = catalogPipelineEngine(COMPONENTS);

/** The engine composed into the services, or the component library's when none is. */
export function pipelineEngineOf(services: Services): PipelineEngine {
  return services.pipelineEngine ?? libraryEngine;
}

export { validatePipelineSpec, type PipelineSpecValidation, type ValidatePipelineSpecOptions } from './validate-pipeline-spec.ts';
export { topologicalOrder } from './topological-order.ts';

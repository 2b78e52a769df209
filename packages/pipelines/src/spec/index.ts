export { validatePipelineSpec, type PipelineSpecValidation, type ValidatePipelineSpecOptions } from './validate-pipeline-spec.ts';
export { topologicalOrder } from './topological-order.ts';
export { buildPipelineJsonSchema, serializePipelineJsonSchema, PIPELINE_JSON_SCHEMA_ID, type JsonSchema } from './pipeline-json-schema.ts';

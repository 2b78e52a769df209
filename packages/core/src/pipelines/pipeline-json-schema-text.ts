import { serializePipelineJsonSchema } from '@facilflow/pipelines/spec';

let text: string | null = null;

/** The pipeline spec's JSON Schema, the same text packages/pipelines publishes as schema/pipeline.schema.json; built once. */
export function pipelineJsonSchemaText(): string {
  text ??= serializePipelineJsonSchema();
  return text;
}

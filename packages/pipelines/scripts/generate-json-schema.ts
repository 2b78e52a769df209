// Writes schema/pipeline.schema.json from the zod schemas; test/spec/json-schema.test.ts fails while the file is stale.
// Run: node --conditions=facilflow-source --import tsx packages/pipelines/scripts/generate-json-schema.ts
import { writeFileSync } from 'node:fs';
import { serializePipelineJsonSchema } from '../src/spec/index.ts';

const target = new URL('../schema/pipeline.schema.json', import.meta.url);
writeFileSync(target, serializePipelineJsonSchema());
console.log(`wrote ${target.pathname}`);

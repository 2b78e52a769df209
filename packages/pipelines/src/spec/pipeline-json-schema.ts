import { PIPELINE_SPEC_VERSION, pipelineSpecSchema } from '@facilflow/contracts';
import { z } from 'zod';
import { COMPONENTS } from '../components/catalog.ts';
import type { ComponentDefinition } from '../components/component.ts';

export type JsonSchema = { [key: string]: unknown };

/** Where editors find the schema: a spec file names it in `$schema`, or a workspace maps `*.pipeline.json` to it. */
export const PIPELINE_JSON_SCHEMA_ID = 'https://facilflow.dev/schemas/pipeline.schema.json';

// draft-07: the draft editors (VS Code's JSON service among them) support best, with if/then.
const toDraft7 = (schema: z.ZodType): JsonSchema => z.toJSONSchema(schema, { target: 'draft-7', io: 'input', unrepresentable: 'any' }) as JsonSchema;

const isObject = (value: unknown): value is JsonSchema => typeof value === 'object' && value !== null && !Array.isArray(value);

function objectAt(schema: JsonSchema, ...keys: string[]): JsonSchema {
  let current: unknown = schema;
  for (const key of keys) current = isObject(current) ? current[key] : undefined;
  if (!isObject(current)) throw new Error(`the spec's JSON Schema has no ${keys.join('.')}`);
  return current;
}

/** A component's `with` schema, its own definitions hoisted under a prefix so they resolve from the root. */
function componentWithSchema(component: ComponentDefinition, definitions: JsonSchema): JsonSchema {
  const { $schema: _draft, definitions: own, ...schema } = toDraft7(component.config);
  const prefix = `${component.name}.`;
  const rewrite = (value: JsonSchema): JsonSchema => JSON.parse(JSON.stringify(value).replaceAll('"#/definitions/', `"#/definitions/${prefix}`)) as JsonSchema;
  if (isObject(own)) for (const [name, definition] of Object.entries(own)) definitions[prefix + name] = isObject(definition) ? rewrite(definition) : definition;
  // Validation reports settings a component does not have; the schema says the same to editors.
  return rewrite(schema.type === 'object' ? { additionalProperties: false, ...schema } : schema);
}

/**
 * zod writes a discriminated union as oneOf, so a validator reports every other branch's
 * failures too; if/then on the discriminator reports only the branch the `type` names, at the
 * paths `pipelines.validate` uses, and lets an editor complete the `type` values.
 */
function discriminateByType(union: JsonSchema): JsonSchema {
  const branches = union.oneOf;
  if (!Array.isArray(branches)) return union;
  const types = branches.map((branch: unknown) => (isObject(branch) ? objectAt(branch, 'properties', 'type').const : undefined));
  return {
    type: 'object',
    required: ['type'],
    properties: { type: { type: 'string', enum: types } },
    allOf: branches.map((branch: unknown, index) => ({ if: { properties: { type: { const: types[index] } }, required: ['type'] }, then: branch })),
  };
}

/**
 * The JSON Schema of a pipeline spec, from the same zod schemas validation uses: the spec itself,
 * and per component (selected by `use` with if/then) its `with` settings, so an editor completes
 * and checks `*.pipeline.json` files. Checks that need the whole graph (cycles, inputs, kinds,
 * expressions) stay with `pipelines.validate`.
 */
export function buildPipelineJsonSchema(components: readonly ComponentDefinition[] = COMPONENTS): JsonSchema {
  const { $schema: draft, ...spec } = toDraft7(pipelineSpecSchema);
  const definitions: JsonSchema = {};
  const stage = objectAt(spec, 'properties', 'stages', 'items');
  const stageProperties = objectAt(stage, 'properties');
  const names = components.map((component) => component.name).sort();
  stageProperties.use = { ...objectAt(stageProperties, 'use'), enum: names };
  stage.allOf = [...components]
    .sort((left, right) => left.name.localeCompare(right.name))
    .map((component) => ({
      if: { properties: { use: { const: component.name } }, required: ['use'] },
      then: { properties: { with: { description: `${component.title}: ${component.description}`, ...componentWithSchema(component, definitions) } } },
    }));
  const triggers = objectAt(spec, 'properties', 'triggers');
  triggers.items = discriminateByType(objectAt(triggers, 'items'));
  const properties = objectAt(spec, 'properties');
  return {
    $schema: draft,
    $id: PIPELINE_JSON_SCHEMA_ID,
    title: `FacilFlow pipeline spec, version ${PIPELINE_SPEC_VERSION}`,
    ...spec,
    properties: { $schema: { type: 'string', description: 'The JSON Schema this file follows, for editors' }, ...properties },
    ...(Object.keys(definitions).length === 0 ? {} : { definitions }),
  };
}

/** The schema as the checked-in file holds it. */
export function serializePipelineJsonSchema(components: readonly ComponentDefinition[] = COMPONENTS): string {
  return `${JSON.stringify(buildPipelineJsonSchema(components), null, 2)}\n`;
}

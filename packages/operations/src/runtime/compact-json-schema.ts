/**
 * zod's JSON Schema is exact but verbose: a 400-character pattern beside every `format:
 * date-time`, the safe-integer bounds on every integer, `anyOf [X, null]` for every nullable
 * field. Sent once per tool in every tools/list, that noise was most of the list's bytes.
 * This rewrites a schema into an equivalent shorter one. An input schema accepts exactly
 * what it did. An output schema keeps the shape (types, properties, required, enums, formats,
 * descriptions) and drops the value constraints and `additionalProperties: false`: the runtime
 * has already parsed, bounded and stripped every output with the operation's own zod schema,
 * so they only ever repeated a check that passed.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonNode = { [key: string]: Json };

export interface CompactOptions {
  io: 'input' | 'output';
}

const VALUE_CONSTRAINTS = ['minLength', 'maxLength', 'pattern', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'minItems', 'maxItems', 'default'];

// A named format says what the string is; its regular expression repeats it at length.
const FORMATS_THAT_SUFFICE = new Set(['date-time', 'date', 'time', 'duration', 'email', 'uuid', 'uri', 'ipv4', 'ipv6']);

export function compactJsonSchema<T extends object>(schema: T, options: CompactOptions): T {
  const compacted = compactNode(schema as unknown as Json, options);
  if (isNode(compacted)) delete compacted.$schema;
  return compacted as unknown as T;
}

function compactNode(value: Json, options: CompactOptions): Json {
  if (Array.isArray(value)) return value.map((item) => compactNode(item, options));
  if (!isNode(value)) return value;
  const node: JsonNode = {};
  for (const [key, child] of Object.entries(value)) node[key] = compactNode(child, options);

  if (typeof node.format === 'string' && FORMATS_THAT_SUFFICE.has(node.format)) delete node.pattern;
  if (node.type === 'integer') {
    if (node.minimum === Number.MIN_SAFE_INTEGER) delete node.minimum;
    if (node.maximum === Number.MAX_SAFE_INTEGER) delete node.maximum;
  }
  // Object keys are strings already.
  if (isNode(node.propertyNames) && Object.keys(node.propertyNames).length === 1 && node.propertyNames.type === 'string') delete node.propertyNames;
  // A model needs no length bounds to fill a string in; the runtime's own schema enforces them.
  if (node.type === 'string') {
    delete node.minLength;
    delete node.maxLength;
  }
  if (options.io === 'output') {
    for (const key of VALUE_CONSTRAINTS) delete node[key];
    if (node.additionalProperties === false) delete node.additionalProperties;
  }
  return mergeNullable(node);
}

/** `anyOf: [{type: X, …}, {type: null}]` becomes `type: [X, null]`, when X is a single plain type. */
function mergeNullable(node: JsonNode): JsonNode {
  const branches = node.anyOf;
  if (!Array.isArray(branches) || branches.length !== 2) return node;
  const nullIndex = branches.findIndex((branch) => isNode(branch) && branch.type === 'null' && Object.keys(branch).length === 1);
  const other = branches[1 - nullIndex];
  if (nullIndex === -1 || !isNode(other) || typeof other.type !== 'string') return node;
  if ('anyOf' in other || 'oneOf' in other || 'allOf' in other || '$ref' in other || 'const' in other) return node;
  const merged: JsonNode = { ...other, ...node, type: [other.type, 'null'] };
  delete merged.anyOf;
  if (Array.isArray(other.enum)) merged.enum = [...other.enum, null];
  return merged;
}

function isNode(value: Json | undefined): value is JsonNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The schema down to `depth` levels of nested properties; below that, each value keeps its
 * type, enum and description only. Used for output schemas, whose deep shapes (an agent's
 * last heartbeat, a pipeline's stage graph) were most of the tool list's bytes while a model
 * reads them from the result itself.
 */
export function limitSchemaDepth<T extends object>(schema: T, depth: number): T {
  return limitNode(schema as unknown as Json, depth) as unknown as T;
}

function limitNode(value: Json, depth: number): Json {
  if (!isNode(value)) return value;
  if (depth < 0) return summary(value);
  const node: JsonNode = { ...value };
  if (isNode(node.properties)) {
    node.properties = Object.fromEntries(Object.entries(node.properties).map(([key, child]) => [key, limitNode(child, depth - 1)]));
  }
  if (isNode(node.items)) node.items = limitNode(node.items, depth - 1);
  if (isNode(node.additionalProperties)) node.additionalProperties = limitNode(node.additionalProperties, depth - 1);
  if (Array.isArray(node.anyOf)) node.anyOf = node.anyOf.map((branch) => limitNode(branch, depth));
  return node;
}

/** A value's type, enum and description: what it is, without its inner shape. */
function summary(node: JsonNode): JsonNode {
  const kept: JsonNode = {};
  const type = node.type ?? unionType(node.anyOf);
  if (type !== undefined) kept.type = type;
  for (const key of ['enum', 'const', 'format']) if (node[key] !== undefined) kept[key] = node[key];
  return kept;
}

function unionType(branches: Json | undefined): Json | undefined {
  if (!Array.isArray(branches)) return undefined;
  const types = branches.map((branch) => (isNode(branch) ? branch.type : undefined));
  if (types.some((type) => typeof type !== 'string')) return undefined;
  return [...new Set(types as string[])];
}

import fc from 'fast-check';

/** The part of JSON Schema (draft 2020-12) that `z.toJSONSchema` writes for the registry's inputs. */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  prefixItems?: JsonSchema[];
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  enum?: unknown[];
  const?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
  default?: unknown;
}

export interface SchemaArbitraryOptions {
  /** Ids that exist in the world (agents, data sources, measurements, the other tenant): plain strings sometimes take one, so calls reach past "not found". */
  knownStrings: readonly string[];
}

/**
 * Values that (mostly) satisfy the schema: the "valid example" that mutations start from.
 * Bounded on purpose — sizes stay small so a valid call is cheap and the mutations add the size.
 */
export function arbitraryFromSchema(root: JsonSchema, options: SchemaArbitraryOptions): fc.Arbitrary<unknown> {
  const known = options.knownStrings.length > 0 ? fc.constantFrom(...options.knownStrings) : fc.constant('x');

  const build = (schema: JsonSchema, depth: number): fc.Arbitrary<unknown> => {
    if (depth > 8) return fc.constant(null);
    if (schema.$ref) return build(resolve(root, schema.$ref), depth + 1);
    if (schema.const !== undefined) return fc.constant(schema.const);
    if (schema.enum) return fc.constantFrom(...schema.enum);
    const union = schema.anyOf ?? schema.oneOf;
    if (union && union.length > 0) return fc.oneof(...union.map((s) => build(s, depth + 1)));
    if (schema.allOf && schema.allOf[0]) return build(schema.allOf[0], depth + 1);
    const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
    switch (type) {
      case 'object':
        return objectOf(schema, depth);
      case 'array': {
        const item = schema.items ? build(schema.items, depth + 1) : fc.string({ maxLength: 8 });
        return fc.array(item, { minLength: schema.minItems ?? 0, maxLength: Math.min(schema.maxItems ?? 3, Math.max(3, schema.minItems ?? 0)) });
      }
      case 'string':
        return stringOf(schema);
      case 'integer':
        return fc.integer({ min: lowerBound(schema, 1), max: upperBound(schema, 1) });
      case 'number':
        return fc.double({ min: lowerBound(schema, 0), max: upperBound(schema, 0), noNaN: true, noDefaultInfinity: true });
      case 'boolean':
        return fc.boolean();
      case 'null':
        return fc.constant(null);
      default:
        return fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.boolean());
    }
  };

  const objectOf = (schema: JsonSchema, depth: number): fc.Arbitrary<unknown> => {
    const properties = schema.properties ?? {};
    const required = new Set(schema.required ?? []);
    const shape: Record<string, fc.Arbitrary<unknown>> = {};
    for (const [key, property] of Object.entries(properties)) shape[key] = build(property, depth + 1);
    const keys = Object.keys(shape);
    const record = keys.length > 0 ? fc.record(shape, { requiredKeys: keys.filter((k) => required.has(k)) }) : fc.constant({});
    if (typeof schema.additionalProperties !== 'object') return record;
    const extra = fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), build(schema.additionalProperties, depth + 1), { maxKeys: 3 });
    return fc.tuple(record, extra).map(([fixed, more]) => ({ ...more, ...(fixed as object) }));
  };

  const stringOf = (schema: JsonSchema): fc.Arbitrary<string> => {
    if (schema.format === 'date-time') return fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString());
    if (schema.format === 'email') return fc.emailAddress();
    if (schema.format === 'uuid') return fc.uuid();
    const min = schema.minLength ?? 0;
    const max = Math.max(min, Math.min(schema.maxLength ?? 24, 24));
    const plain = schema.pattern ? patterned(schema.pattern, min, max) : fc.string({ minLength: min, maxLength: max });
    return fc.oneof({ weight: 3, arbitrary: plain }, { weight: 2, arbitrary: known });
  };

  return build(root, 0);
}

function patterned(pattern: string, min: number, max: number): fc.Arbitrary<string> {
  try {
    return fc.stringMatching(new RegExp(pattern)).map((s) => (s.length > max ? s.slice(0, max) : s.padEnd(min, 'a')));
  } catch {
    return fc.string({ minLength: min, maxLength: max });
  }
}

function resolve(root: JsonSchema, ref: string): JsonSchema {
  const name = ref.replace(/^#\/\$defs\//, '');
  return root.$defs?.[name] ?? {};
}

function lowerBound(schema: JsonSchema, step: number): number {
  if (schema.minimum !== undefined) return Math.max(schema.minimum, -1e9);
  if (schema.exclusiveMinimum !== undefined) return schema.exclusiveMinimum + step;
  return -1000;
}

function upperBound(schema: JsonSchema, step: number): number {
  if (schema.maximum !== undefined) return Math.min(schema.maximum, 1e9);
  if (schema.exclusiveMaximum !== undefined) return schema.exclusiveMaximum - step;
  return 100_000;
}

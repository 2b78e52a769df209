type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * Moves a schema's `$defs` (zod emits them for recursive shapes, such as an asset tree) into
 * the document's `components.schemas` as `<prefix>_<name>`, and points its `$ref`s there:
 * embedded in an OpenAPI document, `#/$defs/…` would resolve against the document root.
 */
export function hoistDefinitions<T extends object>(schema: T, prefix: string, components: Record<string, unknown>): T {
  const root = schema as unknown as { [key: string]: Json };
  const defs = root.$defs;
  if (!defs || typeof defs !== 'object' || Array.isArray(defs)) return schema;
  const rename = (ref: string) => ref.replace(/^#\/\$defs\//, `#/components/schemas/${prefix}_`);
  const rewrite = (value: Json): Json => {
    if (Array.isArray(value)) return value.map(rewrite);
    if (value === null || typeof value !== 'object') return value;
    return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, key === '$ref' && typeof child === 'string' ? rename(child) : rewrite(child)]));
  };
  for (const [name, definition] of Object.entries(defs)) components[`${prefix}_${name}`] = rewrite(definition);
  const { $defs: _moved, ...rest } = root;
  return rewrite(rest) as unknown as T;
}

import type { JsonLimitName } from './input-limits.ts';

const WHAT: Record<JsonLimitName, string> = {
  maxDepth: 'nesting deeper than',
  maxNodes: 'more values than',
  maxStringLength: 'a string longer than',
  maxArrayLength: 'an array longer than',
  maxObjectKeys: 'an object with more keys than',
};

/** A JSON input over one of the JSON limits: `limit` names which, `max` is its value. */
export class JsonLimitError extends Error {
  constructor(
    readonly limit: JsonLimitName,
    readonly max: number,
  ) {
    super(`The JSON input has ${WHAT[limit]} ${max} (limit ${limit}=${max})`);
    this.name = 'JsonLimitError';
  }
}

export function isJsonLimitError(error: unknown): error is JsonLimitError {
  return error instanceof JsonLimitError;
}

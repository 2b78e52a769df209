import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';
import type { jsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/types.js';

/**
 * The SDK's server builds an Ajv instance with its formats in its constructor (~0.5–1.5 ms),
 * though only an elicitation's answer is ever validated with it. The stateless HTTP endpoint
 * builds a server per request, so the instance is made on first use instead: a request
 * without an elicitation never pays for it. Not shared across servers: Ajv keeps every schema
 * it compiled, and each elicitation brings a new one.
 */
export function lazyJsonSchemaValidator(create: () => jsonSchemaValidator = () => new AjvJsonSchemaValidator()): jsonSchemaValidator {
  let validator: jsonSchemaValidator | undefined;
  return {
    getValidator: (schema) => (validator ??= create()).getValidator(schema),
  };
}

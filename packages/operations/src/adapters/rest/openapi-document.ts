import { ERROR_CODES, HTTP_STATUS_OF } from '@facilflow/contracts';
import type { Registry } from '../../registry.ts';
import { fullOutputSchema, operationTool } from '../../runtime/tool-catalog.ts';
import { hoistDefinitions } from './hoist-definitions.ts';
import { REST_BASE_PATH, restRoutes, type RestRoute } from './rest-routes.ts';

type JsonObject = { [key: string]: unknown };

const ERROR_BODY_SCHEMA = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message', 'details'],
      properties: {
        code: { type: 'string', enum: [...ERROR_CODES] },
        message: { type: 'string' },
        details: { type: ['object', 'null'], description: 'What the code carries: a confirmation plan and token, when to retry, the limit passed.' },
      },
    },
  },
};

// Every status a refusal can have, once: each operation refers to the ones it can answer.
const ERROR_RESPONSES: Record<string, JsonObject> = {
  '400': { description: 'INVALID: the input does not match the schema, or the body is not a bounded JSON object.' },
  '401': { description: 'UNAUTHENTICATED: no credential, or one that is not valid (see WWW-Authenticate).' },
  '403': { description: 'FORBIDDEN: the caller\'s role may not run this operation.' },
  '404': { description: 'NOT_FOUND: what the input names does not exist in the caller\'s tenant.' },
  '409': { description: 'CONFLICT: the change conflicts with the current state.' },
  '413': { description: 'INVALID: the body or the query input is over its size limit.' },
  '428': { description: 'NEEDS_CONFIRMATION: call again with the same input and details.confirmationToken.' },
  '429': { description: 'RATE_LIMITED: the API key used its request budget; retry after Retry-After seconds.', headers: { 'Retry-After': { schema: { type: 'integer' } } } },
  '500': { description: 'INTERNAL: the server failed.' },
  '503': { description: 'UNAVAILABLE: a store the operation needs is unavailable; retry later.' },
};

function errorResponse(description: string, headers?: unknown): JsonObject {
  return { description, ...(headers ? { headers } : {}), content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
}

function operationObject(route: RestRoute, schemas: Record<string, unknown>): JsonObject {
  const op = route.operation;
  const prefix = op.name.replace('.', '_');
  const statuses = ['400', '401', '403', '404', '429', '500', '503'];
  if (route.method === 'POST') statuses.push('409', '413');
  if (op.effect === 'destructive') statuses.push(String(HTTP_STATUS_OF.NEEDS_CONFIRMATION));
  const input = { schema: hoistDefinitions(operationTool(op).inputSchema, `${prefix}_input`, schemas) };
  const output = hoistDefinitions(fullOutputSchema(op), `${prefix}_output`, schemas);
  const destructiveNote =
    op.effect === 'destructive'
      ? '\n\nDestructive: the first call answers 428 NEEDS_CONFIRMATION with a plan and a token; call again with the same input plus `confirmationToken` to apply it.'
      : '';
  return {
    operationId: op.name,
    summary: op.title,
    description: op.description + destructiveNote,
    tags: [op.name.split('.')[0]],
    'x-facilflow-effect': op.effect,
    ...(route.method === 'GET'
      ? { parameters: [{ name: 'input', in: 'query', required: false, description: 'The input as a JSON object, URL-encoded; omitted means {}.', content: { 'application/json': input } }] }
      : { requestBody: { required: false, content: { 'application/json': input } } }),
    responses: {
      '200': { description: 'The operation\'s output.', content: { 'application/json': { schema: output } } },
      ...Object.fromEntries(statuses.sort().map((status) => [status, { $ref: `#/components/responses/${status}` }])),
    },
  };
}

/**
 * The OpenAPI 3.1 description of the REST front, generated from the registry: one path per
 * operation a principal calls, operationId the operation's name, the input and output
 * schemas the runtime validates with (JSON Schema 2020-12, OpenAPI 3.1's dialect).
 */
export function openApiDocument(registry: Registry, publicUrl: string): JsonObject {
  const paths: Record<string, JsonObject> = {};
  const schemas: Record<string, unknown> = { Error: ERROR_BODY_SCHEMA };
  for (const route of restRoutes(registry)) paths[route.path] = { [route.method.toLowerCase()]: operationObject(route, schemas) };
  return {
    openapi: '3.1.0',
    info: {
      title: 'FacilFlow API',
      version: '1',
      description:
        'Every FacilFlow operation a person or an API key calls, with the same validation, authorization, confirmations and audit as the web app, MCP and the CLI. ' +
        'Reads are GET with `?input=<JSON>`, everything else POST with a JSON body.',
    },
    servers: [{ url: `${publicUrl.replace(/\/+$/, '')}${REST_BASE_PATH}` }],
    security: [{ bearer: [] }],
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'A FacilFlow API key or a Firebase ID token; the tenant is the credential\'s.' } },
      schemas,
      responses: Object.fromEntries(
        Object.entries(ERROR_RESPONSES).map(([status, { description, headers }]) => [status, errorResponse(description as string, headers)]),
      ),
    },
  };
}

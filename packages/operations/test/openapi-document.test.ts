import { takesPrincipal } from '@facilflow/operations';
import { openApiDocument, restRoutes } from '@facilflow/operations/rest';
import { createTestPlatform, type TestPlatform } from '@facilflow/testkit';
// Ajv 6, the one installed, compiles draft-07; the document's 2020-12 schemas use nothing draft-07 lacks.
import Ajv from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let t: TestPlatform;

beforeAll(async () => {
  t = await createTestPlatform();
});
afterAll(() => t?.close());

interface OperationObject {
  operationId: string;
  summary: string;
  parameters?: Array<{ name: string; in: string; content: { 'application/json': { schema: object } } }>;
  requestBody?: { content: { 'application/json': { schema: object } } };
  responses: Record<string, { $ref?: string; content?: { 'application/json': { schema: object } } }>;
}
type Document = {
  openapi: string;
  servers: Array<{ url: string }>;
  paths: Record<string, Record<string, OperationObject>>;
  components: { securitySchemes: Record<string, unknown>; responses: Record<string, unknown>; schemas: Record<string, object> };
};

describe('the OpenAPI document', () => {
  const document = () => openApiDocument(t.runtime.registry, 'https://ff.example.test/') as unknown as Document;

  it('is OpenAPI 3.1 with a bearer scheme and the API base as its server', () => {
    const doc = document();
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.servers).toEqual([{ url: 'https://ff.example.test/api/v1' }]);
    expect(doc.components.securitySchemes).toEqual({ bearer: expect.objectContaining({ type: 'http', scheme: 'bearer' }) });
  });

  it('has one operation per registered operation a principal calls, reads on GET and the rest on POST', () => {
    const doc = document();
    const principalOps = t.runtime.registry.list().filter(takesPrincipal);
    const documented = Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method, name: op.operationId })));
    expect(documented.map((d) => d.name).sort()).toEqual(principalOps.map((op) => op.name).sort());
    for (const op of principalOps) {
      const [resource, action] = op.name.split('.');
      expect(documented).toContainEqual({ path: `/${resource}/${action}`, method: op.effect === 'read' ? 'get' : 'post', name: op.name });
    }
    expect(documented.map((d) => d.name)).not.toContain('agents.redeemEnrollment');
    expect(restRoutes(t.runtime.registry)).toHaveLength(principalOps.length);
  });

  it('gives every operation an input and an output schema that compile, and error responses that resolve', () => {
    const doc = document();
    // Each schema compiled with the document's components beside it, where its $refs point.
    const ajv = new Ajv();
    const withComponents = (schema: object) => ({ ...schema, components: { schemas: doc.components.schemas } });
    for (const methods of Object.values(doc.paths)) {
      for (const op of Object.values(methods)) {
        const input = op.requestBody?.content['application/json'].schema ?? op.parameters?.[0]?.content['application/json'].schema;
        const output = op.responses['200']?.content?.['application/json'].schema;
        expect(input, op.operationId).toMatchObject({ type: 'object' });
        expect(output, op.operationId).toMatchObject({ type: 'object' });
        // Embedded in the document, a $ref resolves against the document: only its components may be named.
        for (const ref of JSON.stringify([input, output]).match(/"\$ref":"[^"]*"/g) ?? []) expect(ref, op.operationId).toMatch(/^"\$ref":"#\/components\/schemas\/[\w.]+"$/);
        expect(() => ajv.compile(withComponents(input as object)), op.operationId).not.toThrow();
        expect(() => ajv.compile(withComponents(output as object)), op.operationId).not.toThrow();
        expect(op.summary.length, op.operationId).toBeGreaterThan(0);
        for (const [status, response] of Object.entries(op.responses)) {
          if (status === '200') continue;
          expect(response.$ref).toBe(`#/components/responses/${status}`);
          expect(doc.components.responses[status], `${op.operationId} ${status}`).toBeDefined();
        }
      }
    }
    expect(() => ajv.compile(doc.components.schemas.Error!)).not.toThrow();
  });

  it('validates what an operation takes and refuses what it does not, as the runtime does', () => {
    const doc = document();
    const ajv = new Ajv();
    const create = ajv.compile(doc.paths['/apiKeys/create']!.post!.requestBody!.content['application/json'].schema);
    expect(create({ name: 'ci', role: 'viewer' })).toBe(true);
    expect(create({ name: 'ci', role: 'emperor' })).toBe(false);
    const revoke = doc.paths['/apiKeys/revoke']!.post!;
    expect(JSON.stringify(revoke.requestBody)).toContain('confirmationToken');
    expect(revoke.responses['428']).toEqual({ $ref: '#/components/responses/428' });
  });
});

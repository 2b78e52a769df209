import type { Runtime } from '@facilflow/operations';
import { openApiDocument } from '@facilflow/operations/rest';
import type { RequestHandler } from 'express';

/** `GET /api/v1/openapi.json`, unauthenticated: the REST front's OpenAPI 3.1 document, generated once from the registry. */
export function openApiRoute(runtime: Runtime): RequestHandler {
  let document: string | undefined;
  return (_req, res) => {
    document ??= JSON.stringify(openApiDocument(runtime.registry, runtime.services.publicUrl));
    res.type('application/json').send(document);
  };
}

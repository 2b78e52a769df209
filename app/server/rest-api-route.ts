import { FacilFlowError } from '@facilflow/contracts';
import type { Runtime } from '@facilflow/operations';
import { authenticateRest, callRestRoute, restErrorAnswer, restInputRefusalAnswer, restRouteAt, type RestAnswer } from '@facilflow/operations/rest';
import express, { type Request, type Response, type Router } from 'express';
import { readRestInput } from './rest-input.ts';

function send(res: Response, answer: RestAnswer): void {
  res.status(answer.status).set(answer.headers).json(answer.body);
}

/**
 * `/api/v1/<resource>/<action>`: every operation a principal calls, generated from the
 * registry (reads GET with `?input=`, the rest POST with a JSON body) and run by the runtime
 * as the `api` front. The caller is authenticated before its input is read, so an
 * anonymous one cannot make us read a megabyte.
 */
export function createRestApiRouter(runtime: Runtime): Router {
  const router = express.Router();
  router.all('/:resource/:action', (req, res, next) => {
    answer(runtime, req, res).catch(next);
  });
  return router;
}

async function answer(runtime: Runtime, req: Request, res: Response): Promise<void> {
  const route = restRouteAt(runtime.registry, req.path);
  if (!route) return send(res, restErrorAnswer(new FacilFlowError('NOT_FOUND', `No operation at ${req.baseUrl}${req.path}; see ${req.baseUrl}/openapi.json`)));
  if (req.method !== route.method) {
    res.set('Allow', route.method);
    res.status(405).json({ error: { code: 'INVALID', message: `${route.operation.name} is called with ${route.method}`, details: { allow: route.method } } });
    return;
  }
  const caller = await authenticateRest(runtime, req.headers.authorization);
  if ('refusal' in caller) {
    // The body is left unread: the connection closes after the answer rather than draining it.
    if (req.method === 'POST') res.set('Connection', 'close');
    return send(res, caller.refusal);
  }
  const read = await readRestInput(req);
  if ('refusal' in read) {
    if (read.refusal.status === 413) res.set('Connection', 'close');
    return send(res, restInputRefusalAnswer(read.refusal));
  }
  const aborted = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) aborted.abort();
  });
  send(res, await callRestRoute(runtime, caller.principal, route, read.input, aborted.signal));
}

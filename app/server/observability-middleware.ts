import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { startRequestSpan, type Observability } from '@facilflow/observability';
import type { Request, RequestHandler } from 'express';
import { ENROLLMENT_OPERATION } from './agent-enrollment.ts';

/** A caller's (or a proxy's) request id is kept only if it cannot smuggle anything into a log line. */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const PROBES = new Set(['/healthz', '/readyz', '/metrics']);

interface Route {
  front: string;
  /** A registered operation name or a fixed route name: never free text from the URL (metric label cardinality). */
  operation: string;
}

/**
 * First in the chain: gives each request an id (echoed as `x-request-id`), an HTTP server span
 * that the operation span nests under, a logger carrying the id for the handlers below, one log
 * line when the response is done, and its duration in `facilflow_http_request_duration_seconds`.
 */
export function observabilityMiddleware(observability: Observability, isOperation: (name: string) => boolean): RequestHandler {
  return (req, res, next) => {
    const header = req.headers['x-request-id'];
    const requestId = typeof header === 'string' && REQUEST_ID.test(header) ? header : randomUUID();
    res.setHeader('x-request-id', requestId);
    const route = routeOf(req, isOperation);
    const started = performance.now();
    const span = startRequestSpan(`${req.method} ${route.front === 'web' ? '/' : route.operation}`, req.headers, {
      'http.request.method': req.method,
      'url.path': req.path,
      'facilflow.front': route.front,
      'facilflow.request_id': requestId,
    });
    const log = observability.logger.child({ requestId });
    let done = false;
    const finish = (outcome: string) => {
      if (done) return;
      done = true;
      const seconds = (performance.now() - started) / 1000;
      observability.metrics.httpRequestDuration.observe({ ...route, outcome }, seconds);
      // Inside the span, so the line carries its trace id like every line logged during the request.
      span.run(() => {
        const line = {
          req: { method: req.method, path: req.path, headers: loggedHeaders(req.headers) },
          res: { statusCode: res.statusCode },
          ...route,
          outcome,
          durationMs: Math.round(seconds * 1000),
        };
        if (PROBES.has(req.path)) log.debug(line, 'request done');
        else log.info(line, 'request done');
      });
      span.end(res.statusCode, res.statusCode >= 500 || outcome === 'aborted');
    };
    res.on('finish', () => finish(`${Math.floor(res.statusCode / 100)}xx`));
    res.on('close', () => finish('aborted'));
    span.run(() => observability.requests.run({ requestId, log }, next));
  };
}

function routeOf(req: Request, isOperation: (name: string) => boolean): Route {
  const path = req.path;
  if (path.startsWith('/api/trpc/')) {
    const procedures = path.slice('/api/trpc/'.length).split(',');
    const single = procedures.length === 1 ? procedures[0] : undefined;
    return { front: 'trpc', operation: procedures.length > 1 ? 'batch' : single !== undefined && isOperation(single) ? single : 'unknown' };
  }
  if (path.startsWith('/api/v1/')) {
    // `/api/v1/agents/list` runs agents.list; the document and unknown paths are no operation.
    const name = path.slice('/api/v1/'.length).replace('/', '.');
    return { front: 'api', operation: isOperation(name) ? name : path === '/api/v1/openapi.json' ? 'openapi' : 'unknown' };
  }
  if (path === '/mcp' || path.startsWith('/mcp/')) return { front: 'mcp', operation: 'mcp' };
  if (path.startsWith('/api/agents/enroll')) return { front: 'ingest', operation: ENROLLMENT_OPERATION };
  if (PROBES.has(path)) return { front: 'probe', operation: path.slice(1) };
  return { front: 'web', operation: 'page' };
}

/** Headers as received minus the noise; the secrets among them (authorization, cookie) are censored by the logger's redaction. */
function loggedHeaders(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const { accept: _accept, 'accept-encoding': _encoding, 'accept-language': _language, connection: _connection, ...rest } = headers;
  return rest;
}

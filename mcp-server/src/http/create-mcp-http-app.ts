import { checkReadiness, serviceChecks } from '@facilflow/core';
import type { Runtime } from '@facilflow/operations';
import express, { type Express } from 'express';
import { createMcpHttpRouter } from './mcp-http-router.ts';

/**
 * The standalone HTTP server's routes. No Host allow-list against DNS rebinding: every MCP
 * request needs a bearer credential, which a page in a victim's browser does not have.
 */
export function createMcpHttpApp(runtime: Runtime): Express {
  const app = express();
  app.disable('x-powered-by');
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  // The MCP front's dependencies: its stores and the identity provider (no broker of its own).
  const readiness = serviceChecks(runtime.services);
  app.get('/readyz', (_req, res, next) => {
    checkReadiness(readiness).then((report) => res.status(report.ready ? 200 : 503).set('cache-control', 'no-store').json(report), next);
  });
  app.use('/mcp', createMcpHttpRouter(runtime));
  return app;
}

import { createHostAllowList, type HostAllowList } from '@facilflow/contracts';
import { checkReadiness, serviceChecks } from '@facilflow/platform';
import { createMetrics, serveMetrics, type Metrics } from '@facilflow/observability';
import type { Runtime } from '@facilflow/operations';
import express, { type Express } from 'express';
import { mcpHostAllowList } from './host-allow-list.ts';
import { createMcpHttpRouter } from './mcp-http-router.ts';
import { MCP_PATH, protectedResourceMetadataRouter } from './protected-resource-metadata.ts';

export interface McpHttpAppOptions {
  /** The Firebase project whose ID tokens are accepted: the issuer the OAuth metadata names. */
  firebaseProjectId: string;
  /** Default: the deployment's public URL host and the loopback names on the listening port. */
  allowList?: HostAllowList;
  /** What /metrics serves; default this process's own (the runtime's operation metrics need the same instance). */
  metrics?: Metrics;
}

/** The standalone HTTP server's routes, behind the Host/Origin allow-list against DNS rebinding. */
export function createMcpHttpApp(runtime: Runtime, options: McpHttpAppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  // Beside /healthz: Prometheus scrapes by address too.
  app.get('/metrics', serveMetrics((options.metrics ?? createMetrics()).registry));
  // After /healthz, which a load balancer probes by address, not by name.
  app.use(mcpHostAllowList(options.allowList ?? createHostAllowList({ publicUrl: runtime.services.publicUrl })));
  // The MCP front's dependencies: its stores and the identity provider (no broker of its own).
  const readiness = serviceChecks(runtime.services);
  app.get('/readyz', (_req, res, next) => {
    checkReadiness(readiness).then((report) => res.status(report.ready ? 200 : 503).set('cache-control', 'no-store').json(report), next);
  });
  app.use(protectedResourceMetadataRouter({ publicUrl: runtime.services.publicUrl, firebaseProjectId: options.firebaseProjectId }));
  app.use(MCP_PATH, createMcpHttpRouter(runtime));
  return app;
}

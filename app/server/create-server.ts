import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Config } from '@facilflow/config';
import {
  createPlatform,
  LOCAL_BACKUP_PATH,
  processPipelineRuns,
  startGovernanceSweeps,
  startNotificationDispatcher,
  startPipelineSchedules,
  type Platform,
  type TelemetryObserver,
} from '@facilflow/platform';
import { createMcpHttpRouter, protectedResourceMetadataRouter } from '@facilflow/mcp-server';
import { createObservability, serveMetrics, startTracing, type Observability } from '@facilflow/observability';
import { createOperationsRuntime, formatErrorForLog, type Runtime } from '@facilflow/operations';
import { REST_BASE_PATH } from '@facilflow/operations/rest';
import { inputRefusal } from '@facilflow/contracts';
import express, { type ErrorRequestHandler } from 'express';
import { createJarvis, loadJarvisConfig, NOT_CONFIGURED_MESSAGE, type Jarvis } from '@facilflow/jarvis';
import { createAgentEnrollmentRouter } from './agent-enrollment.ts';
import { createBackupEndpoint } from './backup-endpoint.ts';
import { createJarvisRouter } from './jarvis-route.ts';
import { createJarvisTurns } from './jarvis-turns.ts';
import { hostAllowListFor, hostAllowListMiddleware } from './host-allow-list.ts';
import { observabilityMiddleware } from './observability-middleware.ts';
import { openApiRoute } from './openapi-route.ts';
import { createPipelineWebhookRouter, WEBHOOK_PATH } from './pipeline-webhook.ts';
import { readinessRoute, serverReadinessChecks } from './readiness.ts';
import { trackHttpRequests } from './shutdown-http.ts';
import { startTelemetryRoles } from './telemetry-roles.ts';
import { attachRealtime } from './realtime/attach-realtime.ts';
import { mountRemix } from './remix-handler.ts';
import { createRestApiRouter } from './rest-api-route.ts';
import { createTrpcMiddleware } from './trpc-middleware.ts';
import { createWebContextFactory } from './web-context.ts';

export interface CreateServerOptions {
  config: Config;
  /** Given by callers that own one (npm start, tests); otherwise created here and closed with the server. */
  platform?: Platform;
  runtime?: Runtime;
  /** With the worker role: the consumers of the written-telemetry stream; default the standard ones (quality, lineage). */
  telemetryConsumers?: readonly TelemetryObserver[];
  /** Logger and metrics (the runtime given with `runtime` should have the same); default JSON logs on stdout at FACILFLOW_LOG_LEVEL. */
  observability?: Observability;
  /** Jarvis for the web role; default one configured from ANTHROPIC_API_KEY, ANTHROPIC_BASE_URL and JARVIS_MODEL. */
  jarvis?: Jarvis;
}

export interface FacilFlowServer {
  /** Where this process listens, e.g. http://127.0.0.1:3000 (the public URL may differ behind a proxy). */
  url: string;
  close(): Promise<void>;
}

/** One HTTP server for the roles the configuration names: web (tRPC, REST /api/v1, Remix) and mcp (/mcp). */
export async function createServer(options: CreateServerOptions): Promise<FacilFlowServer> {
  const { config } = options;
  const closers: Array<() => Promise<void>> = [];
  const observability = options.observability ?? createObservability({ name: 'facilflow', level: config.observability.logLevel });
  let runtime = options.runtime;
  let platform = options.platform;
  if (!runtime) {
    if (!platform) {
      const own = await createPlatform(config, { startBroker: config.roles.includes('ingest') });
      closers.push(() => own.close());
      platform = own;
    }
    runtime = createOperationsRuntime(platform, { observability });
  }
  const tracing = startTracing({ serviceName: 'facilflow', roles: config.roles, endpoint: config.observability.otlpEndpoint });
  // Last of the closers: spans ended while the rest closes are still exported.
  closers.push(() => tracing.shutdown());
  const { registry } = runtime;

  const app = express();
  const httpServer = createHttpServer(app);
  const requests = trackHttpRequests(httpServer);
  app.disable('x-powered-by');
  app.use(observabilityMiddleware(observability, (name) => registry.get(name) !== undefined));
  app.get('/metrics', serveMetrics(observability.metrics.registry));
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', roles: config.roles });
  });
  app.get('/readyz', readinessRoute(serverReadinessChecks(runtime, platform)));
  // After the probes, which a load balancer sends by address, not by name.
  const allowList = hostAllowListFor(config);
  app.use(hostAllowListMiddleware(allowList));
  if (platform) app.use(LOCAL_BACKUP_PATH, createBackupEndpoint(platform));
  try {
    if (config.roles.includes('mcp')) {
      app.use(protectedResourceMetadataRouter({ publicUrl: config.http.publicUrl, firebaseProjectId: config.firebase.projectId }));
      app.use('/mcp', createMcpHttpRouter(runtime));
    }
    if (config.roles.includes('ingest')) {
      if (!platform) throw new Error('The ingest role needs the platform: pass it along with the runtime');
      app.use('/api/agents/enroll', createAgentEnrollmentRouter(runtime));
      // Machines sending data in are ingest's, like agents enrolling; the web role serves people.
      app.use(WEBHOOK_PATH, createPipelineWebhookRouter(runtime));
      // Retention deletes where the time series is written: a DuckDB file has one writer, in the ingest process.
      const sweeps = startGovernanceSweeps(platform.services);
      closers.unshift(() => sweeps.close());
    }
    if (config.roles.includes('ingest') || config.roles.includes('worker')) {
      if (!platform) throw new Error('The ingest and worker roles need the platform: pass it along with the runtime');
      // Before the platform closes: ingest and the consumers finish what they hold while the stores are still open.
      closers.unshift(...(await startTelemetryRoles(config, platform, observability, options.telemetryConsumers)));
    }
    if (config.roles.includes('worker')) {
      if (!platform) throw new Error('The worker role needs the platform: pass it along with the runtime');
      // Embedded, this process is the one worker; with REDIS_URL every `--roles worker` process shares the BullMQ queue.
      const runWorker = await processPipelineRuns(platform.services, {
        cluster: config.workers.cluster,
        labels: config.workers.labels,
        concurrency: config.workers.concurrency,
        heartbeatMs: config.workers.heartbeatMs,
      });
      closers.unshift(() => runWorker.close());
      // Every worker runs the scheduler: BullMQ's job schedulers fire each cron once across them, and a firing starts one run.
      const schedules = await startPipelineSchedules(platform.services);
      closers.unshift(() => schedules.close());
      // Every worker sends from the notification outbox: each delivery is claimed under a lease in the database, so it goes out once.
      const notifications = await startNotificationDispatcher(platform.services);
      closers.unshift(() => notifications.close());
    }
    if (config.roles.includes('web')) {
      const jarvis = options.jarvis ?? createJarvis({ runtime, config: loadJarvisConfig() });
      // One set of turns for the SSE route and the `/jarvis` namespace: one running turn per conversation across both.
      const jarvisTurns = createJarvisTurns(runtime, jarvis);
      const realtime = await attachRealtime(httpServer, runtime, allowList, { jarvisTurns });
      closers.unshift(realtime.close);
      app.use('/api/trpc', createTrpcMiddleware(runtime));
      app.get(`${REST_BASE_PATH}/openapi.json`, openApiRoute(runtime));
      app.use(REST_BASE_PATH, createRestApiRouter(runtime));
      app.use('/api/jarvis', createJarvisRouter(runtime, jarvisTurns));
      const webContext = createWebContextFactory(runtime, config, jarvis.configured ? null : NOT_CONFIGURED_MESSAGE);
      const remix = await mountRemix(config, httpServer, (req) => ({ web: webContext(req.headers.cookie) }));
      closers.unshift(remix.close);
      app.use(remix.router);
    }
    app.use(errorHandler);
    await listen(httpServer, config.http.host, config.http.port);
  } catch (error) {
    await runAll(closers);
    throw error;
  }

  const { port } = httpServer.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${urlHost(config.http.host)}:${port}`,
    close: () =>
      (closing ??= (async () => {
        const stopped = new Promise<void>((resolve) => httpServer.once('close', () => resolve()));
        // No new connections; calls being answered finish first, with the stores they use still open.
        await requests.drain(config.shutdown.timeoutMs / 2);
        await runAll(closers);
        await stopped;
      })()),
  };
}

const errorHandler: ErrorRequestHandler = (error: unknown, req, res, next) => {
  if (res.headersSent) {
    next(error);
    return;
  }
  // A client's bad body (ours, or a body parser's 4xx) is the client's to fix: say so in JSON, not as a 500.
  const refusal = inputRefusal(error) ?? clientErrorOf(error);
  if (refusal) {
    res.status(refusal.status).json({ code: 'INVALID', message: refusal.message });
    return;
  }
  console.error(`[http] ${req.method} ${req.originalUrl} failed: ${formatErrorForLog(error)}`);
  res.status(500).type('text/plain').send('Internal server error');
};

function clientErrorOf(error: unknown): { status: number; message: string } | null {
  if (typeof error !== 'object' || error === null) return null;
  const status = 'status' in error ? error.status : 'statusCode' in error ? error.statusCode : undefined;
  if (typeof status !== 'number' || status < 400 || status >= 500) return null;
  return { status, message: error instanceof Error ? error.message : 'Bad request' };
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(`Port ${port} on ${host} is already in use: stop what listens there or set FACILFLOW_HTTP_PORT to another port`, { cause: error })
          : error,
      );
    };
    const onListening = () => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

/** In order (the web app before the platform under it); every closer runs even if one fails. */
async function runAll(closers: Array<() => Promise<void>>): Promise<void> {
  let failure: unknown;
  for (const close of closers) {
    try {
      await close();
    } catch (error) {
      failure ??= error;
    }
  }
  if (failure !== undefined) throw failure;
}

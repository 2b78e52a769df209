// The api bench's server process: the FacilFlow server as `node app/dist/server/main.js` runs it
// (`runServer`, roles web and mcp: /api/trpc, /api/v1, /mcp) on a seeded store, and beside it in the
// same process the direct registry call (timed here) and a bare node:http handler calling the
// same core function. A copy of the seeded store is made for the in-process stdio MCP server.
import { cpSync, existsSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { runServer } from '@facilflow/app/server';
import type { Principal, TenantScope } from '@facilflow/contracts';
import { latestTelemetry } from '@facilflow/core';
import { measureToolDefinitions } from '@facilflow/jarvis';
import { createObservability } from '@facilflow/observability';
import { createOperationsRuntime, invokeOperation } from '@facilflow/operations';
import { BENCH_ENV, benchConfig, createBenchPlatform, registerSchema } from '../lib/bench-platform.ts';
import { childMain, closeAndExit, fromParent, tell, tellError } from '../lib/child.ts';
import { CpuRows, hostTags } from '../lib/tsbs-cpu.ts';
import { cpuSchema } from '../ingest/cpu-schema.ts';
import { BENCH_HOSTS, BENCH_INPUT, BENCH_OPERATION, BENCH_STEPS } from './bench-operation.ts';
import { measure, ownCpuSeconds } from './measure.ts';
import type { ApiServerReady, DirectMeasured, MeasureDirect, StartApiServer } from './messages.ts';

const SEED = 20160101;

/** The bench tenant with the cpu schema and an hour of TSBS rows of a few hosts; the platform closed again, so another process may open the store. */
async function seedStore(dataDir: string, database: Record<string, string>): Promise<{ apiKey: string }> {
  const bench = await createBenchPlatform(dataDir, { startBroker: false, env: database });
  try {
    await registerSchema(bench, cpuSchema);
    const rows = new CpuRows(hostTags(BENCH_HOSTS, SEED), SEED);
    const points = [];
    for (let step = 0; step < BENCH_STEPS; step++) points.push(...rows.points(rows.advance()));
    const written = await bench.platform.services.timeseries.write(bench.tenantId, points);
    if (written.rejected.length > 0) throw new Error(`the store refused points: ${written.rejected[0]!.reason}`);
    return { apiKey: bench.apiKey };
  } finally {
    await bench.platform.close();
  }
}

/** The same answer as the operation's output, from the same core function, with no front around it: no authentication, no validation, no audit. */
function startBareServer(services: Parameters<typeof latestTelemetry>[0], scope: TenantScope): Promise<Server> {
  const server = createHttpServer((req, res) => {
    const input = new URL(req.url ?? '/', 'http://bare').searchParams.get('input');
    void latestTelemetry(services, scope, JSON.parse(input ?? '{}') as typeof BENCH_INPUT).then(
      (values) => {
        const body = JSON.stringify({ values });
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
        res.end(body);
      },
      (error: unknown) => {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(String(error));
      },
    );
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

childMain(async () => {
  const { dataDir, stdioDir, databaseUrl } = await fromParent<StartApiServer>('start');
  const database: Record<string, string> = databaseUrl ? { DATABASE_URL: databaseUrl } : {};
  const { apiKey } = await seedStore(dataDir, database);
  // The time series (DuckDB) and on PGlite the platform records admit one process: the stdio server gets a copy.
  cpSync(dataDir, stdioDir, { recursive: true });

  // The production server serves the web app's bundle; without one the web role compiles pages on demand, which no call here asks for.
  const built = existsSync(fileURLToPath(new URL('../../app/build/server/index.js', import.meta.url)));
  // Log level warn: at info the server writes a line per request, which a deployment ships but this bench would only measure as stdout.
  const env = { NODE_ENV: built ? 'production' : 'development', FACILFLOW_ROLES: 'web,mcp', FACILFLOW_HOST: '127.0.0.1', FACILFLOW_HTTP_PORT: '0', FACILFLOW_LOG_LEVEL: 'warn', ...database };
  const config = await benchConfig(dataDir, env);
  const { server, platform } = await runServer(config);
  // The direct call goes through a runtime composed as the server composes its own.
  const runtime = createOperationsRuntime(platform, { observability: createObservability({ name: 'facilflow', level: config.observability.logLevel }) });
  const principal: Principal = await runtime.authenticate(apiKey);
  if (principal.tenantId === null || principal.role === null) throw new Error('the bench key has no tenant');
  const scope: TenantScope = { tenantId: principal.tenantId, actor: principal.actor, role: principal.role };
  const bare = await startBareServer(platform.services, scope);
  const direct = () => invokeOperation(runtime, principal, 'mcp', BENCH_OPERATION, BENCH_INPUT);
  const directJson = JSON.stringify(await direct());

  tell({
    type: 'ready',
    url: server.url,
    bareUrl: `http://127.0.0.1:${(bare.address() as AddressInfo).port}`,
    apiKey,
    stdioEnv: { ...BENCH_ENV, FACILFLOW_DATA_DIR: stdioDir, FACILFLOW_LOG_LEVEL: 'warn', ...database },
    directJson,
    jarvis: measureToolDefinitions(runtime, principal),
  } satisfies ApiServerReady);

  process.on('message', (message: MeasureDirect | { type: 'close' }) => {
    if (message.type === 'measure-direct') {
      const call = message.authenticate
        ? async () => Buffer.byteLength(JSON.stringify(await invokeOperation(runtime, await runtime.authenticate(apiKey), 'mcp', BENCH_OPERATION, BENCH_INPUT)))
        : async () => Buffer.byteLength(JSON.stringify(await direct()));
      void measure(call, message.shape, ownCpuSeconds).then(
        (measured) => tell({ type: 'direct-measured', measured } satisfies DirectMeasured),
        tellError,
      );
    } else if (message.type === 'close') {
      void closeAndExit([
        () => new Promise<void>((resolve) => bare.close(() => resolve())),
        () => server.close(),
        () => platform.close(),
      ]).catch(tellError);
    }
  });
});

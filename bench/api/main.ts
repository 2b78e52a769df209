// npm run bench -- api [--quick] [--postgres]
//
// Issue 11: what each front costs over the registry. One read (telemetry.latest, a few KB, from
// the store's last-value cache) called in one run directly through the registry, through MCP
// over stdio (the facilflow-mcp bin: in process on a copy of the store, and as the relay to the
// server), through MCP Streamable HTTP, tRPC and REST on the real server, and through a bare
// node:http handler calling the same core function. p50/p99 one call at a time, calls/s with 16
// in flight; tools/list bytes and Jarvis's per-turn tool definitions beside them.
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { forkTs, nextMessage } from '../lib/child.ts';
import { onCleanup, runBench } from '../lib/cleanup.ts';
import { cpuSeconds } from '../lib/process-usage.ts';
import { scratchDatabase } from '../lib/scratch-database.ts';
import { BENCH_INPUT, BENCH_OPERATION, BENCH_REST_PATH } from './bench-operation.ts';
import { httpGetter } from './http-get.ts';
import { connectHttp, connectStdio, toolCall, toolsListBytes } from './mcp-clients.ts';
import { measure, type FrontCall, type MeasureShape } from './measure.ts';
import type { ApiServerReady, DirectMeasured, MeasureDirect, StartApiServer } from './messages.ts';
import { frontsTable, headline, lastLine, sizesTable, targetLines, type FrontResult } from './report.ts';

const quick = process.argv.includes('--quick');
// --postgres: the platform records on a scratch database of the local PostgreSQL server instead of the embedded PGlite.
const onPostgres = process.argv.includes('--postgres');
const BENCH_DATABASE_URL = process.env.FF_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const SHAPE: MeasureShape = quick
  ? { warmup: 30, sequential: 200, inFlight: 16, concurrentMs: 1_500 }
  : { warmup: 300, sequential: 3_000, inFlight: 16, concurrentMs: 10_000 };
// FF_BENCH_CPU_PROF=<dir>: the server process and both facilflow-mcp processes write their --cpu-prof profiles there.
const profileArgs = process.env.FF_BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.FF_BENCH_CPU_PROF}`] : [];

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
// The monotonic clock V8 stamps profile samples with: a front's window picks its samples out of the profiles.
const monotonicMicros = () => process.hrtime.bigint() / 1000n;
const profileWindow = (began: bigint) => (profileArgs.length > 0 ? `, profile window ${began}–${monotonicMicros()} µs` : '');
const load = () => loadavg().map((value) => value.toFixed(2)).join(' ');

/** Fails the bench when a front answers other values than the registry: the comparison would be of different work. */
function sameAsDirect(front: string, output: unknown, direct: unknown): void {
  if (!isDeepStrictEqual(output, direct)) throw new Error(`${front} answered other values than the direct call: ${JSON.stringify(output).slice(0, 300)}`);
}

await runBench(async () => {
  console.log(`api bench${quick ? ' (quick)' : ''}: ${BENCH_OPERATION} ${JSON.stringify(BENCH_INPUT)}, ${SHAPE.warmup} warm-up + ${SHAPE.sequential} sequential calls and ${SHAPE.concurrentMs / 1000} s with ${SHAPE.inFlight} in flight per front`);
  console.log(`platform records on ${onPostgres ? `PostgreSQL (${new URL(BENCH_DATABASE_URL).host})` : 'PGlite (embedded default)'}; load average at start: ${load()}`);
  const dataDir = mkdtempSync(join(tmpdir(), 'ff-bench-api-'));
  const stdioDir = mkdtempSync(join(tmpdir(), 'ff-bench-api-stdio-'));
  onCleanup('data dirs', () => {
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(stdioDir, { recursive: true, force: true });
  });
  // Dropped at cleanup after the processes using it have closed (steps run last-registered first).
  const databaseUrl = onPostgres ? await scratchDatabase(BENCH_DATABASE_URL, 'ff_bench_api') : null;
  const child = forkTs(here('./server.ts'), [], profileArgs);
  const ready = nextMessage<ApiServerReady>(child, 'ready');
  child.send({ type: 'start', dataDir, stdioDir, databaseUrl } satisfies StartApiServer);
  const server = await ready;
  // Closed before the stores' directories are removed, and by message: its stores close cleanly (a profile is written too).
  onCleanup('api server', async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const closed = nextMessage(child, 'closed').catch(() => undefined);
    child.send({ type: 'close' });
    await closed;
  });
  const direct: unknown = JSON.parse(server.directJson);
  console.log(`server up at ${server.url}; ${BENCH_OPERATION} answers ${(direct as { values: unknown[] }).values.length} values, ${server.directJson.length} bytes of JSON`);

  const fronts: FrontResult[] = [];
  const serverCpu = () => cpuSeconds(child.pid ?? -1);
  const run = async (name: string, path: string, call: FrontCall, servingCpu: () => number = serverCpu) => {
    const began = monotonicMicros();
    const measured = await measure(call, SHAPE, servingCpu);
    fronts.push({ name, path, measured });
    console.log(`  ${name}: done (load ${load()})${profileWindow(began)}`);
    return fronts.at(-1)!;
  };

  const measureDirect = async (name: string, path: string, authenticate: boolean) => {
    const began = monotonicMicros();
    const measured = nextMessage<DirectMeasured>(child, 'direct-measured');
    child.send({ type: 'measure-direct', shape: SHAPE, authenticate } satisfies MeasureDirect);
    fronts.push({ name, path, measured: (await measured).measured, inProcess: true });
    console.log(`  ${name}: done (load ${load()})${profileWindow(began)}`);
    return fronts.at(-1)!;
  };
  const directFront = await measureDirect('direct (registry)', 'runtime.invoke in the server process, caller resolved once', false);
  // Every front below resolves the API key per call (one database transaction): this row is that cost without a front.
  await measureDirect('direct + authenticate', 'runtime.authenticate + runtime.invoke per call, server process', true);

  const auth = { authorization: `Bearer ${server.apiKey}` };
  const input = `?input=${encodeURIComponent(JSON.stringify(BENCH_INPUT))}`;
  const httpFront = async (name: string, path: string, url: string, outputOf: (body: unknown) => unknown) => {
    const http = httpGetter(url, auth, SHAPE.inFlight);
    onCleanup(`${name} client`, () => http.close());
    sameAsDirect(name, outputOf(JSON.parse(await http.get())), direct);
    return run(name, path, async () => Buffer.byteLength(await http.get()));
  };
  const bare = await httpFront('bare node:http', 'node:http → latestTelemetry (core), same process', `${server.bareUrl}/${input}`, (body) => body);
  const trpc = await httpFront('tRPC /api/trpc', 'express → tRPC → runtime', `${server.url}/api/trpc/${BENCH_OPERATION}${input}`, (body) => (body as { result: { data: unknown } }).result.data);
  await httpFront('REST /api/v1', 'express → REST router → runtime', `${server.url}${BENCH_REST_PATH}${input}`, (body) => body);

  const mcpUrl = new URL('/mcp', server.url);
  const mcpFront = async (name: string, path: string, client: Parameters<typeof toolCall>[0], servingCpu: () => number) => {
    const { call, firstOutput } = await toolCall(client);
    sameAsDirect(name, firstOutput, direct);
    return run(name, path, call, servingCpu);
  };
  const mcpHttp = await mcpFront('MCP Streamable HTTP', 'SDK client → express → /mcp (stateless) → runtime', await connectHttp(mcpUrl, server.apiKey), serverCpu);
  const inProcess = await connectStdio('in process', { ...server.stdioEnv, FACILFLOW_API_KEY: server.apiKey }, profileArgs);
  const mcpStdio = await mcpFront('MCP stdio (in process)', 'SDK client → facilflow-mcp process (own store copy) → runtime', inProcess.client, () => cpuSeconds(inProcess.pid));
  const relay = await connectStdio('relay', { FACILFLOW_URL: server.url, FACILFLOW_API_KEY: server.apiKey }, profileArgs);
  await mcpFront('MCP stdio (relay)', 'SDK client → facilflow-mcp process → HTTP /mcp → runtime', relay.client, () => cpuSeconds(relay.pid) + serverCpu());

  const toolsList = { default: await toolsListBytes(mcpUrl, server.apiKey, 'default'), all: await toolsListBytes(mcpUrl, server.apiKey, 'all') };
  const result = headline(directFront, [mcpStdio, mcpHttp], trpc, bare, toolsList.default.bytes);

  console.log(`\nload average at end: ${load()} (2 cores, shared with other work)\n`);
  console.log(frontsTable(fronts, directFront, SHAPE.inFlight));
  console.log(`\n${sizesTable(toolsList, server.jarvis)}\n`);
  for (const line of targetLines(result)) console.log(line);
  console.log(lastLine(result));
});

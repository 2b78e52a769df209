import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createObservability, type Observability } from '@facilflow/observability';
import { createOperationsRuntime } from '@facilflow/operations';
import { createTestPlatform, freePort, type TestPlatform, type TestTenant } from '@facilflow/testkit';
import { createTRPCUntypedClient, httpLink, TRPCClientError } from '@trpc/client';
import type { AnyRouter } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMcpHttpApp } from '../../mcp-server/src/http/create-mcp-http-app.ts';
import { capture } from '../../packages/observability/test/support/capture-stream.ts';
import { createServer, type FacilFlowServer } from '../server/create-server.ts';

let t: TestPlatform;
let server: FacilFlowServer;
let observability: Observability;
let tenant: TestTenant;
let adminKey: string;
const logs = capture();

beforeAll(async () => {
  t = await createTestPlatform({ FACILFLOW_HTTP_PORT: String(await freePort()), FACILFLOW_ROLES: 'web,ingest' });
  // Debug: operation inputs are logged too, the level at which a secret in them would leak.
  observability = createObservability({ name: 'facilflow', level: 'debug', destination: logs.stream });
  const runtime = createOperationsRuntime(t.platform, { observability });
  server = await createServer({ config: t.platform.config, platform: t.platform, runtime, observability });
  tenant = await t.createTenant('Logged Plant');
  adminKey = await t.apiKey(tenant.tenantId, 'admin');
});
afterAll(async () => {
  await server?.close();
  await t?.close();
});

const client = (bearer: string) =>
  createTRPCUntypedClient<AnyRouter>({ links: [httpLink({ url: `${server.url}/api/trpc`, headers: { authorization: `Bearer ${bearer}`, 'x-request-id': 'req-from-proxy' } })] });

/** Revokes a fresh key in two phases; returns the confirmation token the server issued. */
async function revokeInTwoPhases(): Promise<string> {
  const doomed = await t.apiKey(tenant.tenantId, 'service');
  const id = doomed.split('_')[1]!;
  const asked = await client(adminKey)
    .mutation('apiKeys.revoke', { id })
    .then(
      () => expect.fail('revoking asked no confirmation'),
      (error: unknown) => error,
    );
  if (!(asked instanceof TRPCClientError)) throw asked;
  const token = (asked.data as { details: { confirmationToken: string } }).details.confirmationToken;
  await client(adminKey).mutation('apiKeys.revoke', { id, confirmationToken: token });
  return token;
}

describe('logs', () => {
  it('carry request, tenant and actor ids, and neither the API key nor the confirmation token of the calls', async () => {
    const token = await revokeInTwoPhases();
    expect(token.length).toBeGreaterThan(16);
    const text = logs.text();
    expect(text).not.toContain(adminKey);
    expect(text).not.toContain(adminKey.split('_').slice(2).join('_'));
    expect(text).not.toContain(token);

    const lines = logs.lines();
    const refused = lines.find((l) => l.msg === 'operation refused' && l.operation === 'apiKeys.revoke');
    expect(refused).toMatchObject({ level: 'info', requestId: 'req-from-proxy', tenantId: tenant.tenantId, front: 'trpc', outcome: 'NEEDS_CONFIRMATION', err: { details: { confirmationToken: '[redacted]' } } });
    expect(refused?.actorId).toBe(`apiKey:${adminKey.split('_')[1]}`);
    const confirmed = lines.find((l) => l.msg === 'operation called' && l.operation === 'apiKeys.revoke' && typeof l.input === 'object' && l.input !== null && 'confirmationToken' in l.input);
    expect(confirmed).toMatchObject({ input: { confirmationToken: '[redacted]' } });
    const request = lines.find((l) => l.msg === 'request done' && l.operation === 'apiKeys.revoke');
    expect(request).toMatchObject({ requestId: 'req-from-proxy', front: 'trpc', req: { method: 'POST', headers: { authorization: '[redacted]' } } });
  });
});

describe('/metrics', () => {
  it('serves the process registry in the Prometheus text format', async () => {
    await client(adminKey).query('telemetry.query', { sql: 'SELECT 1 AS one' });
    const response = await fetch(`${server.url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(observability.metrics.registry.contentType);
    const text = await response.text();
    expect(text).toContain('facilflow_operation_calls_total{operation="apiKeys.revoke",effect="destructive",front="trpc",outcome="NEEDS_CONFIRMATION"} 1');
    expect(text).toContain('facilflow_operation_calls_total{operation="apiKeys.revoke",effect="destructive",front="trpc",outcome="ok"} 1');
    expect(text).toMatch(/facilflow_operation_duration_seconds_count\{operation="telemetry.query",front="trpc",outcome="ok"\} 1\n/);
    expect(text).toMatch(/facilflow_http_request_duration_seconds_count\{front="trpc",operation="telemetry.query",outcome="2xx"\} 1\n/);
    // Read from the ingest handle at scrape time; nothing was published yet.
    expect(text).toContain('facilflow_ingest_points_written_total 0');
    expect(text).toContain('facilflow_ingest_messages_total{result="received"} 0');
    // The written-telemetry stream's consumers, read from the stream at scrape time.
    expect(text).toContain('facilflow_stream_consumer_lag_batches{consumer="quality"} 0');
    expect(text).toContain('facilflow_stream_consumer_batches_total{consumer="lineage",result="processed"} 0');
    expect(text).toContain('facilflow_ingest_stream_appends_total{result="appended"} 0');
    expect(text).toContain('# TYPE facilflow_ingest_lag_seconds histogram');
    expect(text).toContain('process_cpu_user_seconds_total');
  });

  it('is served by the standalone MCP HTTP app as well', async () => {
    const standalone: Server = createHttpServer(createMcpHttpApp(t.runtime, { firebaseProjectId: 'demo-facilflow' }));
    await new Promise<void>((resolve) => standalone.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = standalone.address() as AddressInfo;
      const response = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('nodejs_eventloop_lag_seconds');
    } finally {
      await new Promise((resolve) => standalone.close(resolve));
    }
  });
});

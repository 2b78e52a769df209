import { createTestPlatform, freePort, type TestPlatform } from '@facilflow/testkit';
import { createTRPCUntypedClient, httpLink } from '@trpc/client';
import type { AnyRouter } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOtlpReceiver, type OtlpReceiver } from '../../packages/observability/test/support/otlp-receiver.ts';
import { createServer, type FacilFlowServer } from '../server/create-server.ts';

const SERVER_KIND = 2;

let receiver: OtlpReceiver;
let t: TestPlatform;
let server: FacilFlowServer;

beforeAll(async () => {
  receiver = await startOtlpReceiver();
  t = await createTestPlatform({ FACILFLOW_HTTP_PORT: String(await freePort()), FACILFLOW_ROLES: 'web', OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, FACILFLOW_LOG_LEVEL: 'silent' });
  // No runtime given: the server composes its own, with the tracing its configuration asks for.
  server = await createServer({ config: t.platform.config, platform: t.platform });
});
afterAll(async () => {
  await server?.close();
  await t?.close();
  await receiver?.close();
});

describe('traces', () => {
  it('exports one trace per tRPC call: HTTP server span → operation → store', async () => {
    const tenant = await t.createTenant('Traced Plant');
    const key = await t.apiKey(tenant.tenantId, 'viewer');
    const client = createTRPCUntypedClient<AnyRouter>({ links: [httpLink({ url: `${server.url}/api/trpc`, headers: { authorization: `Bearer ${key}` } })] });
    expect(await client.query('telemetry.query', { sql: 'SELECT 42 AS answer' })).toMatchObject({ rows: [[42]] });
    // Closing flushes the batched spans to the receiver.
    await server.close();

    const spans = receiver.spans();
    const operation = spans.find((s) => s.name === 'operation telemetry.query');
    expect(operation).toBeDefined();
    const trace = spans.filter((s) => s.traceId === operation?.traceId);
    const http = trace.find((s) => s.spanId === operation?.parentSpanId);
    expect(http).toMatchObject({
      name: 'GET telemetry.query',
      kind: SERVER_KIND,
      parentSpanId: '',
      serviceName: 'facilflow',
      attributes: { 'http.request.method': 'GET', 'facilflow.front': 'trpc', 'http.response.status_code': 200 },
    });
    expect(operation?.attributes).toEqual({
      'facilflow.operation': 'telemetry.query',
      'facilflow.tenant': tenant.tenantId,
      'facilflow.front': 'trpc',
      'facilflow.effect': 'read',
      'facilflow.outcome': 'ok',
    });
    const store = trace.find((s) => s.name === 'timeseries.query');
    expect(store).toMatchObject({ parentSpanId: operation?.spanId, attributes: { 'db.system': 'duckdb', 'facilflow.tenant': tenant.tenantId } });
    // The API key's lookup happens under the request, before the operation.
    const transactions = trace.filter((s) => s.name === 'db.transaction');
    expect(transactions.length).toBeGreaterThan(0);
    for (const transaction of transactions) expect([http?.spanId, operation?.spanId]).toContain(transaction.parentSpanId);
  });
});

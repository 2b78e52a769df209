import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TenantScope } from '@facilflow/contracts';
import { createComponentServices, pipelineEventsChannel, pipelineSigningKey } from '@facilflow/core';
import { createTestPlatform, type TestPlatform, type TestTenant } from '@facilflow/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let t: TestPlatform;
let a: TestTenant;
let b: TestTenant;
let receiver: Server;
let receiverPort = 0;
const received: { headers: Record<string, string | string[] | undefined>; body: string }[] = [];

const scopeOf = (tenant: TestTenant): TenantScope => ({ tenantId: tenant.tenantId, actor: { type: 'user', uid: tenant.owner.uid, email: tenant.owner.email }, role: 'owner' });
const signal = () => new AbortController().signal;

beforeAll(async () => {
  receiver = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      received.push({ headers: request.headers, body });
      if (request.url === '/big') {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end('x'.repeat(9 * 1024 * 1024));
        return;
      }
      response.writeHead(request.url === '/moved' ? 302 : 200, { 'content-type': 'application/json', location: 'http://example.com/' });
      response.end(JSON.stringify({ items: [{ id: 1 }] }));
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverPort = (receiver.address() as AddressInfo).port;
  t = await createTestPlatform({ FACILFLOW_PIPELINE_HTTP_HOSTS: `127.0.0.1:${receiverPort}` });
  a = await t.createTenant('Pipelines A');
  b = await t.createTenant('Pipelines B');
});

afterAll(async () => {
  await t?.close();
  await new Promise((resolve) => receiver?.close(resolve));
});

describe('component services of a pipeline', () => {
  it('writes derived rows to the tenant store, registers the measurement and records lineage', async () => {
    const services = createComponentServices(t.platform.services, scopeOf(a), { id: 'pl_oven', version: 3 });
    const rows = [
      { time: Date.UTC(2026, 11, 1, 8, 0), machine: 'Oven2', avg_temperature: 231.25 },
      { time: Date.UTC(2026, 11, 1, 8, 1), machine: 'Oven2', avg_temperature: null },
      { time: Date.UTC(2026, 11, 1, 8, 2), machine: 'Oven1', avg_temperature: 219.5 },
    ];
    expect(await services.writeTimeSeries({ measurement: 'oven_1m', tagColumns: ['machine'], fieldColumns: ['avg_temperature'], rows }, signal())).toEqual({ written: 2 });

    const read = await services.queryTimeSeries('SELECT time, machine, avg_temperature FROM oven_1m WHERE time >= $from ORDER BY time', { from: '2026-12-01T00:00:00Z', unused: 1 }, signal());
    expect(read).toEqual([
      { time: Date.UTC(2026, 11, 1, 8, 0), machine: 'Oven2', avg_temperature: 231.25 },
      { time: Date.UTC(2026, 11, 1, 8, 2), machine: 'Oven1', avg_temperature: 219.5 },
    ]);
    const schema = (await t.call(a.ownerPrincipal, 'schemas.get', { measurement: 'oven_1m' })) as { schema: { fields: { name: string; type: string }[] } };
    expect(schema.schema.fields.map((field) => [field.name, field.type])).toEqual([['avg_temperature', 'number']]);
    const graph = (await t.call(a.ownerPrincipal, 'lineage.graph', { nodeId: 'pipeline:pl_oven', direction: 'downstream' })) as { nodes: { id: string }[] };
    expect(graph.nodes.map((node) => node.id).sort()).toEqual(['field:oven_1m.avg_temperature', 'measurement:oven_1m', 'pipeline:pl_oven']);

    // Tenant B's services write and read B's store only.
    const other = createComponentServices(t.platform.services, scopeOf(b), { id: 'pl_oven', version: 1 });
    await expect(other.queryTimeSeries('SELECT count(*) AS n FROM oven_1m', {}, signal())).rejects.toThrow();
  });

  it('reads a measurement back over a range as points, tags and fields apart, and only from its own tenant', async () => {
    const at = Date.UTC(2026, 11, 2, 6, 0);
    await t.platform.services.timeseries.write(a.tenantId, [
      { m: 'kiln', tags: { machine: 'Kiln1', line: 'Line1' }, f: { temperature: 801.5, door: 'closed' }, t: at },
      { m: 'kiln', tags: { machine: 'Kiln2', line: 'Line1' }, f: { temperature: 799 }, t: at + 1000 },
      { m: 'kiln', tags: { machine: 'Kiln2', line: 'Line1' }, f: { door: 'open' }, t: at + 2000 },
      { m: 'kiln', tags: { machine: 'Kiln2', line: 'Line1' }, f: { temperature: 805 }, t: at + 60_000 },
    ]);
    await t.platform.services.timeseries.write(b.tenantId, [{ m: 'kiln', tags: { machine: 'Kiln2', line: 'Line1' }, f: { temperature: 1 }, t: at + 500 }]);
    const services = createComponentServices(t.platform.services, scopeOf(a), { id: 'pl_kiln', version: 1 });
    const range = { from: at, to: at + 60_000 };

    const kiln2 = await services.readPoints({ measurement: 'kiln', tags: { machine: 'Kiln2' }, fields: ['temperature'] }, range, signal());
    expect(kiln2).toEqual([{ m: 'kiln', tags: { machine: 'Kiln2', line: 'Line1' }, f: { temperature: 799 }, t: at + 1000 }]);
    const every = await services.readPoints({ measurement: 'kiln', tags: {}, fields: [] }, range, signal());
    expect(every.map((point) => point.f)).toEqual([{ temperature: 801.5, door: 'closed' }, { temperature: 799 }, { door: 'open' }]);
    expect(await services.readPoints({ measurement: 'no_such', tags: {}, fields: [] }, range, signal())).toEqual([]);
    expect(await services.readPoints({ measurement: 'kiln', tags: { cell: 'C1' }, fields: [] }, range, signal())).toEqual([]);
  });

  it('adds a new field to a registered measurement and refuses a row without time', async () => {
    const services = createComponentServices(t.platform.services, scopeOf(a), { id: 'pl_energy', version: 1 });
    await services.writeTimeSeries({ measurement: 'energy_1h', tagColumns: ['line'], fieldColumns: ['kwh'], rows: [{ time: 1, line: 'Line1', kwh: 1 }] }, signal());
    await services.writeTimeSeries({ measurement: 'energy_1h', tagColumns: ['line'], fieldColumns: ['kwh', 'running'], rows: [{ time: 2, line: 'Line1', kwh: 2, running: true }] }, signal());
    const schema = (await t.call(a.ownerPrincipal, 'schemas.get', { measurement: 'energy_1h' })) as { schema: { fields: { name: string }[] } };
    expect(schema.schema.fields.map((field) => field.name)).toEqual(['kwh', 'running']);
    await expect(services.writeTimeSeries({ measurement: 'energy_1h', tagColumns: [], fieldColumns: ['kwh'], rows: [{ kwh: 3 }] }, signal())).rejects.toThrow(/no time/);
  });

  it('stores exports under the tenant prefix and publishes events on the tenant channel', async () => {
    const services = createComponentServices(t.platform.services, scopeOf(a), { id: 'pl_export', version: 1 });
    await services.putObject('exports/x.csv', new TextEncoder().encode('a\r\n1\r\n'), 'text/csv', signal());
    expect(await t.platform.services.objects.get(a.tenantId, 'exports/x.csv')).not.toBeNull();
    expect(await t.platform.services.objects.get(b.tenantId, 'exports/x.csv')).toBeNull();
    const exported = (await t.call(a.ownerPrincipal, 'lineage.graph', { nodeId: 'pipeline:pl_export', direction: 'downstream', depth: 1 })) as { edges: { from: string; to: string; kind: string }[] };
    expect(exported.edges).toContainEqual(expect.objectContaining({ from: 'pipeline:pl_export', to: 'sink:object:exports/x.csv', kind: 'exports' }));

    let delivered: (message: unknown) => void = () => undefined;
    const seen = new Promise<unknown>((resolve) => (delivered = resolve));
    const unsubscribe = await t.platform.services.bus.subscribe(pipelineEventsChannel(a.tenantId), (message) => delivered(message));
    await services.emitEvents([{ title: 'Oven2 above 230 °C', severity: 'critical' }], signal());
    expect(await seen).toEqual({ pipelineId: 'pl_export', version: 1, events: [{ title: 'Oven2 above 230 °C', severity: 'critical' }] });
    await unsubscribe();
  });

  it('calls allowed hosts only, never follows a redirect, bounds the answer, and signs with a per-pipeline key', async () => {
    const services = createComponentServices(t.platform.services, scopeOf(a), { id: 'pl_hook', version: 1 });
    const answer = await services.httpRequest({ method: 'POST', url: `http://127.0.0.1:${receiverPort}/in`, headers: { 'content-type': 'application/json' }, body: '{"a":1}' }, signal());
    expect(answer.status).toBe(200);
    expect(received.at(-1)?.body).toBe('{"a":1}');
    expect((await services.httpRequest({ method: 'GET', url: `http://127.0.0.1:${receiverPort}/moved`, headers: {} }, signal())).status).toBe(302);
    await expect(services.httpRequest({ method: 'GET', url: `http://127.0.0.1:${receiverPort}/big`, headers: {} }, signal())).rejects.toThrow(/more than/);
    await expect(services.httpRequest({ method: 'GET', url: 'http://localhost:1/', headers: {} }, signal())).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(services.httpRequest({ method: 'GET', url: `http://127.0.0.1:${receiverPort + 1}/`, headers: {} }, signal())).rejects.toMatchObject({ code: 'FORBIDDEN' });

    const key = pipelineSigningKey(t.platform.services.outbound.signingKey, a.tenantId, 'pl_hook');
    expect(services.signPayload('body')).toBe(createHmac('sha256', key).update('body').digest('hex'));
    const otherTenant = createComponentServices(t.platform.services, scopeOf(b), { id: 'pl_hook', version: 1 });
    expect(otherTenant.signPayload('body')).not.toBe(services.signPayload('body'));
  });
});

import { readFileSync } from 'node:fs';
import type { TestPlatform } from '@facilflow/testkit';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Progress } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpFixture, type HttpFixture } from './support/http-fixture.ts';
import { callTool } from './support/mcp-clients.ts';
import { HOSTILE_TEXT, seedTenant, type SeededTenant } from './support/seeded-tenant.ts';

let http: HttpFixture;
let t: TestPlatform;
let a: SeededTenant;
let viewerA: Client;
let viewerB: Client;

beforeAll(async () => {
  http = await startHttpFixture();
  t = http.t;
  a = await seedTenant(t);
  const b = await t.createTenant('Other Plant');
  viewerA = await http.connect(await t.apiKey(a.tenant.tenantId, 'viewer'));
  viewerB = await http.connect(await t.apiKey(b.tenantId, 'viewer'));
});
afterAll(() => http?.close());

/** A resource's text, and the JSON inside its untrusted-data fence when it has one. */
async function read(client: Client, uri: string): Promise<{ text: string; json: unknown }> {
  const { contents } = await client.readResource({ uri });
  const text = contents[0] && 'text' in contents[0] ? contents[0].text : '';
  const fenced = /<(untrusted-data-[0-9a-f]{16})>\n([\s\S]*)\n<\/\1>/.exec(text);
  return { text, json: JSON.parse(fenced ? (fenced[2] as string) : text) };
}

describe('resources', () => {
  it('lists the catalog, the pipelines, the components and the pipeline schema of the caller\'s tenant', async () => {
    const uris = (await viewerA.listResources()).resources.map((r) => r.uri);
    expect(uris).toEqual(
      expect.arrayContaining(['facilflow://catalog', 'facilflow://schemas/pipeline.json', `facilflow://catalog/${a.measurement}`, `facilflow://pipelines/${a.pipelineId}`, 'facilflow://components/source.counter-rows']),
    );
    const templates = (await viewerA.listResourceTemplates()).resourceTemplates.map((r) => r.uriTemplate);
    expect(templates).toEqual(expect.arrayContaining(['facilflow://catalog/{measurement}', 'facilflow://pipelines/{id}', 'facilflow://components/{name}', 'facilflow://results/{tool}/{args}{?page}']));
  });

  it('reads the catalog with units, fenced as untrusted data', async () => {
    const catalog = await read(viewerA, 'facilflow://catalog');
    expect(catalog.text).toContain('<untrusted-data-');
    expect(catalog.json).toMatchObject({ measurements: [{ name: a.measurement, fields: [{ name: 'ZoneTemperature1', unit: 'degC' }] }] });
    expect(await read(viewerA, `facilflow://catalog/${a.measurement}`)).toMatchObject({ json: { measurements: [{ name: a.measurement }] } });
  });

  it('reads a pipeline\'s latest published spec, a component and the published JSON Schema', async () => {
    const pipeline = (await read(viewerA, `facilflow://pipelines/${a.pipelineId}`)).json as { version: number; spec: { stages: Array<{ with?: unknown }> } };
    expect(pipeline.version).toBe(2);
    expect(pipeline.spec.stages[0]).toMatchObject({ with: { count: 10 } });
    // The seeded tenant's engine has the test catalog of components.
    expect((await read(viewerA, 'facilflow://components/source.counter-rows')).json).toMatchObject({ component: { name: 'source.counter-rows' } });
    const published = readFileSync(new URL('../../packages/pipelines/schema/pipeline.schema.json', import.meta.url), 'utf8');
    expect((await viewerA.readResource({ uri: 'facilflow://schemas/pipeline.json' })).contents[0]).toMatchObject({ text: published });
  });

  it('completes template variables from the caller\'s data', async () => {
    const { completion } = await viewerA.complete({ ref: { type: 'ref/resource', uri: 'facilflow://components/{name}' }, argument: { name: 'name', value: 'transform.' } });
    expect(completion.values.length).toBeGreaterThan(0);
    expect(completion.values.every((name) => name.startsWith('transform.'))).toBe(true);
  });

  it('never shows tenant B\'s key anything of tenant A', async () => {
    const uris = (await viewerB.listResources()).resources.map((r) => r.uri);
    expect(uris).not.toContain(`facilflow://pipelines/${a.pipelineId}`);
    expect(uris).not.toContain(`facilflow://catalog/${a.measurement}`);
    expect(JSON.stringify((await read(viewerB, 'facilflow://catalog')).json)).not.toContain(a.measurement);
    await expect(viewerB.readResource({ uri: `facilflow://pipelines/${a.pipelineId}` })).rejects.toThrow(/NOT_FOUND/);
    const { completion } = await viewerB.complete({ ref: { type: 'ref/resource', uri: 'facilflow://pipelines/{id}' }, argument: { name: 'id', value: '' } });
    expect(completion.values).not.toContain(a.pipelineId);
  });
});

describe('prompts', () => {
  it('lists three prompts and fills one in, the alert fenced as untrusted', async () => {
    expect((await viewerA.listPrompts()).prompts.map((p) => p.name).sort()).toEqual(['build_pipeline', 'daily_shift_summary', 'investigate_alert']);
    const { messages } = await viewerA.getPrompt({ name: 'investigate_alert', arguments: { alert: HOSTILE_TEXT, measurement: a.measurement } });
    const text = messages[0]?.content.type === 'text' ? messages[0].content.text : '';
    expect(text).toContain(`facilflow://catalog/${a.measurement}`);
    expect(text).toContain('telemetry_query');
    expect(text).toMatch(new RegExp(`<untrusted-data-[0-9a-f]{16}>\\n${HOSTILE_TEXT}\\n</untrusted-data-`));
    const build = await viewerA.getPrompt({ name: 'build_pipeline', arguments: { description: 'hourly oven averages' } });
    expect(JSON.stringify(build.messages)).toContain('facilflow://schemas/pipeline.json');
  });
});

describe('long results', () => {
  it('carry their first page, a next-page hint and a resource_link that serves every page', async () => {
    const args = { sql: 'SELECT range AS n FROM range(250)', maxRows: 1000, timeoutMs: 30_000 };
    const result = await callTool(viewerA, 'telemetry_query', args);
    expect(result.isError, JSON.stringify(result)).toBeFalsy();
    expect((result.structuredContent as { rows: unknown[]; rowCount: number }).rows).toHaveLength(100);
    const link = result.content.find((item) => item.type === 'resource_link');
    expect(link).toMatchObject({ uri: expect.stringMatching(/^facilflow:\/\/results\/telemetry_query\/.+\?page=1$/) });
    expect(result._meta).toMatchObject({ 'facilflow/page': { field: 'rows', total: 250, pages: 3 } });
    const uri = (link as { uri: string }).uri;

    const first = (await read(viewerA, uri)).json as { items: number[][]; nextPage: string };
    expect(first).toMatchObject({ field: 'rows', page: 1, pages: 3, total: 250 });
    expect(first.items[0]).toEqual([0]);
    const last = (await read(viewerA, uri.replace('page=1', 'page=3'))).json as { items: number[][]; nextPage: null };
    expect(last.items).toHaveLength(50);
    expect(last.items.at(-1)).toEqual([249]);
    expect(last.nextPage).toBeNull();
    await expect(viewerA.readResource({ uri: uri.replace('page=1', 'page=4') })).rejects.toThrow(/out of range/);
  });

  it('send progress over HTTP when the request asks for it', async () => {
    const progress: Progress[] = [];
    const result = await viewerA.callTool({ name: 'telemetry_query', arguments: { sql: 'SELECT 1 AS n', maxRows: 10, timeoutMs: 30_000 } }, undefined, {
      onprogress: (update) => progress.push(update),
    });
    expect(result.isError).toBeFalsy();
    expect(progress).toEqual([
      { progress: 0, message: 'telemetry.query started' },
      { progress: 1, total: 1, message: '1 rows' },
    ]);
  });
});

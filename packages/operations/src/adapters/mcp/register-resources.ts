import { isFacilFlowError, type Front, type Principal } from '@facilflow/contracts';
import { pipelineJsonSchemaText } from '@facilflow/core';
import { ResourceTemplate, type McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import { ErrorCode, McpError, type ReadResourceResult, type ServerNotification, type ServerRequest } from '@modelcontextprotocol/sdk/types.js';
import type { Runtime } from '../../runtime/create-runtime.ts';
import { operationForTool } from '../../runtime/tool-catalog.ts';
import { decodeResultArgs, pageOf } from './result-pages.ts';
import { fencedText } from './untrusted-result.ts';

type Extra = RequestHandlerExtra<ServerRequest, ServerNotification>;

const JSON_TYPE = 'application/json';
// Completion reads one list call's first page: cheap, and enough to complete a prefix.
const COMPLETION_LIMIT = 50;

/**
 * The tenant's catalog, pipelines, components and the pipeline JSON Schema as resources, and
 * the pages of long tool results. Every read is a registry operation run as this caller, so
 * authorization, tenant scoping and the untrusted-data fence are the tools' own.
 */
export function registerResources(server: McpServer, runtime: Runtime, principal: Principal, via: Front): void {
  async function call(name: string, input: Record<string, unknown>, extra: Extra | undefined): Promise<Record<string, unknown>> {
    try {
      return (await runtime.invoke(principal, via, name, input, extra?.signal, { conversationId: extra?.sessionId ?? null })) as Record<string, unknown>;
    } catch (error) {
      if (!isFacilFlowError(error)) throw error;
      const code = error.code === 'INVALID' || error.code === 'NOT_FOUND' ? ErrorCode.InvalidParams : ErrorCode.InternalError;
      throw new McpError(code, `${error.code}: ${error.message}`);
    }
  }

  /** A resource's text: what the operation returned (or the part of it asked for), fenced by that operation's untrusted fields. */
  async function read(uri: URL, name: string, input: Record<string, unknown>, extra: Extra, pick: (output: Record<string, unknown>) => unknown = (o) => o): Promise<ReadResourceResult> {
    const op = runtime.registry.get(name);
    if (!op) throw new McpError(ErrorCode.InternalError, `Unknown operation ${name}`);
    const { text } = fencedText(op, pick(await call(name, input, extra)));
    return { contents: [{ uri: uri.href, mimeType: JSON_TYPE, text }] };
  }

  const names = async (name: string, input: Record<string, unknown>, listOf: (output: Record<string, unknown>) => string[], prefix: string) =>
    listOf(await call(name, input, undefined)).filter((value) => value.startsWith(prefix)).slice(0, COMPLETION_LIMIT);
  const measurementsOf = (o: Record<string, unknown>) => (o.measurements as Array<{ name: string }>).map((m) => m.name);
  const pipelinesOf = (o: Record<string, unknown>) => (o.items as Array<{ id: string }>).map((p) => p.id);
  const componentsOf = (o: Record<string, unknown>) => (o.components as Array<{ name: string }>).map((c) => c.name);

  server.registerResource(
    'catalog',
    'facilflow://catalog',
    { title: 'Data catalog', description: 'Every measurement with its tags, fields and units, and the asset hierarchy (telemetry.exploreCatalog)', mimeType: JSON_TYPE },
    (uri, extra) => read(uri, 'telemetry.exploreCatalog', {}, extra),
  );

  server.registerResource(
    'measurement',
    new ResourceTemplate('facilflow://catalog/{measurement}', {
      list: async (extra) => ({
        resources: measurementsOf(await call('telemetry.exploreCatalog', {}, extra)).map((name) => ({ uri: `facilflow://catalog/${encodeURIComponent(name)}`, name, mimeType: JSON_TYPE })),
      }),
      complete: { measurement: (value) => names('telemetry.exploreCatalog', {}, measurementsOf, value) },
    }),
    { title: 'Measurement', description: 'One measurement of the catalog: tags, fields with types and units, time range, point count', mimeType: JSON_TYPE },
    (uri, { measurement }, extra) => read(uri, 'telemetry.exploreCatalog', { measurement: String(measurement) }, extra),
  );

  server.registerResource(
    'pipeline',
    new ResourceTemplate('facilflow://pipelines/{id}', {
      list: async (extra) => ({
        resources: ((await call('pipelines.list', { limit: COMPLETION_LIMIT }, extra)).items as Array<{ id: string; name: string }>).map((p) => ({
          uri: `facilflow://pipelines/${p.id}`,
          name: p.name,
          mimeType: JSON_TYPE,
        })),
      }),
      complete: { id: (value) => names('pipelines.list', { limit: COMPLETION_LIMIT }, pipelinesOf, value) },
    }),
    { title: 'Pipeline spec', description: 'The spec of the latest published version (the draft before the first publish), with the versions published', mimeType: JSON_TYPE },
    (uri, { id }, extra) =>
      read(uri, 'pipelines.get', { id: String(id) }, extra, (o) => {
        const pipeline = o.pipeline as { id: string; name: string; status: string; draft: unknown };
        const published = o.published as { version: number; spec: unknown } | null;
        return {
          id: pipeline.id,
          name: pipeline.name,
          status: pipeline.status,
          version: published?.version ?? null,
          spec: published ? published.spec : pipeline.draft,
          versions: o.versions,
        };
      }),
  );

  server.registerResource(
    'component',
    new ResourceTemplate('facilflow://components/{name}', {
      list: async (extra) => ({
        resources: componentsOf(await call('components.list', {}, extra)).map((name) => ({ uri: `facilflow://components/${name}`, name, mimeType: JSON_TYPE })),
      }),
      complete: { name: (value) => names('components.list', {}, componentsOf, value) },
    }),
    { title: 'Pipeline component', description: 'A component: description, modes and ports, config JSON Schema, examples (components.get)', mimeType: JSON_TYPE },
    (uri, { name }, extra) => read(uri, 'components.get', { name: String(name) }, extra),
  );

  server.registerResource(
    'pipeline-schema',
    'facilflow://schemas/pipeline.json',
    { title: 'Pipeline JSON Schema', description: 'The JSON Schema of a pipeline spec (draft-07), every component\'s `with` included', mimeType: 'application/schema+json' },
    (uri) => ({ contents: [{ uri: uri.href, mimeType: 'application/schema+json', text: pipelineJsonSchemaText() }] }),
  );

  server.registerResource(
    'result-page',
    new ResourceTemplate('facilflow://results/{tool}/{args}{?page}', { list: undefined }),
    { title: 'Tool result, page by page', description: 'A read tool\'s long result, 100 rows a page; linked from the tool\'s answer', mimeType: JSON_TYPE },
    async (uri, { tool, args, page }, extra) => {
      const op = operationForTool(runtime.registry, String(tool));
      if (!op || op.effect !== 'read') throw new McpError(ErrorCode.InvalidParams, `No read tool ${String(tool)} to page through`);
      const input = decode(String(args));
      const output = await call(op.name, input, extra);
      const number = page === undefined ? 1 : Number(page);
      const result = (() => {
        try {
          return pageOf(op, input, output, number);
        } catch (error) {
          throw new McpError(ErrorCode.InvalidParams, isFacilFlowError(error) ? error.message : String(error));
        }
      })();
      return { contents: [{ uri: uri.href, mimeType: JSON_TYPE, text: fencedText(op, result).text }] };
    },
  );
}

function decode(args: string): Record<string, unknown> {
  try {
    return decodeResultArgs(args);
  } catch (error) {
    throw new McpError(ErrorCode.InvalidParams, isFacilFlowError(error) ? error.message : String(error));
  }
}

// The MCP SDK's own client over the two transports FacilFlow serves, as Claude Desktop and remote clients use them.
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { MCP_TOOLSETS_HEADER } from '@facilflow/contracts';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport, getDefaultEnvironment } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { FetchLike } from '@modelcontextprotocol/sdk/shared/transport.js';
import { onCleanup } from '../lib/cleanup.ts';
import { BENCH_INPUT, BENCH_TOOL } from './bench-operation.ts';
import type { FrontCall } from './measure.ts';

const MCP_BIN = fileURLToPath(new URL('../../mcp-server/bin/facilflow-mcp.mjs', import.meta.url));
const CLIENT_INFO = { name: 'facilflow-api-bench', version: '0.0.0' };

/**
 * The facilflow-mcp bin in a process of its own, started by the SDK's stdio transport from a
 * neutral directory with a bare environment, as Claude Desktop starts it; closed at cleanup
 * (stdin ended: the bin closes its store and exits).
 */
export async function connectStdio(label: string, env: Record<string, string>, nodeArgs: readonly string[]): Promise<{ client: Client; pid: number }> {
  const transport = new StdioClientTransport({ command: process.execPath, args: [...nodeArgs, MCP_BIN], env: { ...getDefaultEnvironment(), ...env }, stderr: 'pipe', cwd: tmpdir() });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const client = new Client(CLIENT_INFO);
  try {
    await client.connect(transport);
  } catch (error) {
    throw new Error(`facilflow-mcp (${label}) did not start: ${(error as Error).message}\n${stderr}`, { cause: error });
  }
  onCleanup(`facilflow-mcp ${label}`, () => client.close());
  if (transport.pid === null) throw new Error(`facilflow-mcp (${label}) has no process id`);
  return { client, pid: transport.pid };
}

export async function connectHttp(mcpUrl: URL, apiKey: string, headers: Record<string, string> = {}, fetch?: FetchLike): Promise<Client> {
  const client = new Client(CLIENT_INFO);
  await client.connect(new StreamableHTTPClientTransport(mcpUrl, { requestInit: { headers: { ...headers, Authorization: `Bearer ${apiKey}` } }, ...(fetch ? { fetch } : {}) }));
  onCleanup('mcp http client', () => client.close());
  return client;
}

/**
 * The bench's tool call through a client that has listed its tools first, as clients do (the
 * SDK then checks each structured result against the tool's output schema); the structured
 * result of the first call is returned to be compared with the direct call's.
 */
export async function toolCall(client: Client): Promise<{ call: FrontCall; firstOutput: unknown }> {
  await client.listTools();
  const call = async () => {
    const result = await client.callTool({ name: BENCH_TOOL, arguments: BENCH_INPUT });
    if (result.isError) throw new Error(`${BENCH_TOOL} failed: ${JSON.stringify(result.content)}`);
    return result;
  };
  const first = await call();
  return { call: async () => Buffer.byteLength(JSON.stringify(await call())), firstOutput: first.structuredContent };
}

/** tools/list over Streamable HTTP for a toolset choice: the tools and the bytes of the HTTP answer's body as sent. */
export async function toolsListBytes(mcpUrl: URL, apiKey: string, toolsets: string): Promise<{ tools: number; bytes: number }> {
  let lastBody = 0;
  const counting: FetchLike = async (url, init) => {
    const response = await fetch(url, init);
    const body = await response.arrayBuffer();
    lastBody = body.byteLength;
    // A notification's 202 (or a 204) carries no body, and a Response of those statuses must not be given one.
    return new Response(body.byteLength > 0 ? body : null, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
  const client = await connectHttp(mcpUrl, apiKey, { [MCP_TOOLSETS_HEADER]: toolsets }, counting);
  const listed = await client.listTools();
  if (listed.nextCursor) throw new Error('tools/list answered in pages: the bench counts one answer');
  return { tools: listed.tools.length, bytes: lastBody };
}

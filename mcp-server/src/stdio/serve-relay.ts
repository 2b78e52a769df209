import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport, StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import {
  CallToolRequestSchema,
  CallToolResultSchema,
  ListToolsRequestSchema,
  ListToolsResultSchema,
} from '@modelcontextprotocol/sdk/types.js';
import { MCP_READONLY_HEADER, MCP_TOOLSETS_HEADER, type ToolSelectionRequest } from '@facilflow/contracts';
import type { RunningServer } from '../running-server.ts';
import { SERVER_INFO } from '../server-info.ts';
import { StartupError, requiredEnv } from '../startup-error.ts';
import { API_KEY_HINT } from './api-key-hint.ts';
import { keepStdoutForProtocol } from './keep-stdout-for-protocol.ts';

/**
 * A stdio MCP server whose tools are exactly those the FacilFlow server at FACILFLOW_URL
 * offers FACILFLOW_API_KEY within the selection (sent as its headers, so the server applies
 * it): lists and calls are forwarded, and answers come back as sent.
 */
export async function serveRelay(env: Record<string, string | undefined> = process.env, selection: ToolSelectionRequest = {}): Promise<RunningServer> {
  keepStdoutForProtocol();
  const endpoint = mcpEndpoint(requiredEnv(env, 'FACILFLOW_URL', 'set it to the FacilFlow server, e.g. http://127.0.0.1:3000'));
  const apiKey = requiredEnv(env, 'FACILFLOW_API_KEY', API_KEY_HINT);

  const client = new Client({ name: `${SERVER_INFO.name}-relay`, version: SERVER_INFO.version });
  const headers: Record<string, string> = { Authorization: `Bearer ${apiKey}` };
  if (selection.toolsets !== undefined) headers[MCP_TOOLSETS_HEADER] = selection.toolsets;
  if (selection.readOnly !== undefined) headers[MCP_READONLY_HEADER] = selection.readOnly;
  const transport = new StreamableHTTPClientTransport(endpoint, { requestInit: { headers } });
  try {
    await client.connect(transport);
  } catch (error) {
    throw connectFailure(error, endpoint);
  }

  const server = new Server(SERVER_INFO, { capabilities: { tools: {} } });
  // client.request rather than client.callTool: the relay passes answers on as the server sent
  // them and leaves checking them against outputSchema to the client at the other end.
  server.setRequestHandler(ListToolsRequestSchema, (request, extra) =>
    client.request({ method: 'tools/list', params: request.params }, ListToolsResultSchema, { signal: extra.signal }),
  );
  server.setRequestHandler(CallToolRequestSchema, (request, extra) =>
    client.request({ method: 'tools/call', params: request.params }, CallToolResultSchema, { signal: extra.signal }),
  );
  try {
    await server.connect(new StdioServerTransport());
  } catch (error) {
    await client.close();
    throw error;
  }
  console.error(`facilflow-mcp: relaying to ${endpoint.href}`);
  return {
    async close() {
      await server.close();
      await client.close();
    },
  };
}

function mcpEndpoint(base: string): URL {
  try {
    return new URL('/mcp', base);
  } catch (error) {
    throw new StartupError(`FACILFLOW_URL is not a URL: "${base}"`, { cause: error });
  }
}

function connectFailure(error: unknown, endpoint: URL): StartupError {
  const reason = error instanceof Error ? reasonOf(error) : String(error);
  if (error instanceof StreamableHTTPError && error.code === 401) {
    return new StartupError(`FACILFLOW_API_KEY was refused by ${endpoint.href}: ${reason}`, { cause: error });
  }
  return new StartupError(`cannot reach FacilFlow at ${endpoint.href} (from FACILFLOW_URL): ${reason}`, { cause: error });
}

/** fetch reports "fetch failed" and keeps the useful part (ECONNREFUSED, DNS) in its cause. */
function reasonOf(error: Error): string {
  return error.cause instanceof Error ? `${error.message} (${error.cause.message})` : error.message;
}
